package sampling

// Rule is a local sampling rule: its Properties plus a per-second reservoir.
// Rules are built by ManifestFromJSONBytes and ManifestFromFilePath; a
// hand-built Rule has no reservoir and samples by rate only.
type Rule struct {
	reservoir *Reservoir
	rand      randSource

	*Properties
}

// Sample decides for one request covered by the rule: a sample from the
// reservoir if one is left this second, otherwise a draw with probability
// Rate. The returned Decision is shared and read-only; its Rule is nil.
func (r *Rule) Sample() *Decision {
	if r.reservoir.Take() {
		return &localSampled
	}
	if r.Properties == nil {
		return &localNotSampled
	}
	return localDecision(orRuntime(r.rand).Float64() < r.Rate)
}
