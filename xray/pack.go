package xray

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// Size limits of documents: a datagram (framing line included) never
// exceeds maxDatagram. Embedded subsegments keep some room for the fields
// they gain when they are cut out and sent on their own.
const (
	maxDocument         = maxDatagram - len(Header)
	maxEmbeddedDocument = maxDocument - 256
)

// truncationLevels are the string lengths tried, longest first, when a
// document without children is still too large.
var truncationLevels = [...]int{8192, 1024, 256, 64}

// packer turns an entity and its subtree into datagrams, applying
// count-based streaming (the streaming strategy) and the size limit.
type packer struct {
	enc      *encoder
	encStore encoder // backs enc
	out      []byte  // datagrams back to back, each the framing line + a document
	ends     []int   // end offset of each datagram in out
	arena    []byte  // JSON of embedded children, handed out through Subsegments
	// scratch holds the JSON of childless grandchildren of the packed
	// entity while their parent is encoded: their Subsegments entries
	// are then pointed into the parent's JSON (relinkEmbedded), so the
	// bytes are kept once, not twice. It survives in the pool.
	scratch []byte
	// level is the depth below the packed entity of the entities
	// encodeEmbedded is encoding (1: its children).
	level int
	// arenaPerLive is the arena bytes per live subsegment packs needed
	// lately; it survives in the pool.
	arenaPerLive int
	slab         []json.RawMessage // storage the Subsegments slices of this pack are carved from
	live         int               // subsegments live in the tree when the pack began
	strategy     StreamingStrategy

	truncated int  // documents sent with cut strings
	dropped   int  // documents that could not be made to fit
	cutAny    bool // some string was cut during this pack
}

var packerPool = sync.Pool{New: func() interface{} {
	p := &packer{out: make([]byte, 0, 4096), ends: make([]int, 0, 4)}
	p.enc = &p.encStore
	return p
}}

func getPacker() *packer { return packerPool.Get().(*packer) }

func putPacker(p *packer) {
	p.learnArena()
	p.encStore = encoder{}
	p.arena = nil
	p.slab = nil
	if cap(p.scratch) > maxPooledBuffer {
		p.scratch = nil
	}
	p.scratch = p.scratch[:0]
	p.strategy = nil
	p.truncated, p.dropped, p.cutAny = 0, 0, false
	if cap(p.out) > maxPooledBuffer {
		return
	}
	p.out = p.out[:0]
	p.ends = p.ends[:0]
	packerPool.Put(p)
}

// datagrams calls fn with each datagram, in sending order.
func (p *packer) datagrams(fn func(datagram []byte)) {
	start := 0
	for _, end := range p.ends {
		fn(p.out[start:end])
		start = end
	}
}

// pack packs s (locked by the caller) and its subtree: streamed subsegments
// first, s's own document last.
func (p *packer) pack(s *Segment) {
	p.level = 0
	root := s.root()
	p.strategy = streamingStrategyOf(root)
	p.live = int(root.liveCount.Load())
	p.packChildren(s)
	p.addDocument(s)
	// Subsegments embedded in their closed state leave the live count
	// only now, so that count-based streaming decided above as if the
	// whole tree were still live.
	if n := root.pendingFinal.Swap(0); n != 0 {
		root.liveCount.Add(-n)
	}
}

func streamingStrategyOf(root *Segment) StreamingStrategy {
	if cfg := root.Configuration; cfg != nil && cfg.StreamingStrategy != nil {
		return cfg.StreamingStrategy
	}
	if st := global().snapshot.StreamingStrategy; st != nil {
		return st
	}
	return &DefaultStreamingStrategy{MaxSubsegmentCount: defaultMaxSubsegmentCount}
}

// packChildren encodes n's children (deepest first) into n.Subsegments,
// leaving out children already delivered, and then streams children out of
// n while the streaming strategy asks for it. The caller holds n's lock.
func (p *packer) packChildren(n *Segment) {
	if n.childCount() == 0 {
		n.Subsegments = nil
		return
	}
	x := n.ext
	root := n.root()
	subs := p.subsegmentsSlice(len(x.children))
	kept := x.children[:0]
	p.level++
	for _, c := range x.children {
		c.Lock()
		if c.finalSent || c.removed {
			// Delivered in an earlier document.
			c.Unlock()
			continue
		}
		p.packChildren(c)
		raw, ok := p.encodeEmbedded(c)
		if p.level == 1 {
			if ok {
				relinkEmbedded(c, raw)
			} else {
				c.Subsegments = nil // c is not sent: keep no scratch bytes
			}
			p.scratch = p.scratch[:0]
		}
		if !ok {
			c.markFinal()
			c.Unlock()
			root.pendingFinal.Add(1)
			continue
		}
		c.sentAny = true
		if c.closed {
			c.markFinal()
			root.pendingFinal.Add(1)
		}
		c.Unlock()
		kept = append(kept, c)
		subs = append(subs, raw)
	}
	p.level--
	for i := len(kept); i < len(x.children); i++ {
		x.children[i] = nil
	}
	x.children = kept
	n.Subsegments = subs

	for n.childCount() > 0 && p.strategy.RequiresStreaming(n) {
		if _, ok := p.strategy.(*DefaultStreamingStrategy); ok {
			p.streamChild(n, 0)
			continue
		}
		docs := p.strategy.StreamCompletedSubsegments(n)
		if len(docs) == 0 {
			break
		}
		for _, d := range docs {
			p.out = append(p.out, Header...)
			p.out = append(p.out, d...)
			p.ends = append(p.ends, len(p.out))
		}
	}
}

// Sizing of the memory a pack hands out: the Subsegments slices and the
// arena their JSON lives in are kept by the entities after the pack, so
// they cannot be pooled. Each is allocated once per pack, sized from the
// number of subsegments live in the tree, instead of growing (and
// allocating) step by step. The arena's bytes per live subsegment are
// learnt from earlier packs (arenaPerLive, kept with the pooled packer).
const (
	initialArenaPerLive = 512
	minArena            = 256
	maxInitialArena     = 64 << 10
)

// subsegmentsSlice returns an empty slice with room for n raw documents,
// carved out of the pack's slab.
func (p *packer) subsegmentsSlice(n int) []json.RawMessage {
	if cap(p.slab)-len(p.slab) < n {
		p.slab = make([]json.RawMessage, 0, max(n, p.live))
	}
	start := len(p.slab)
	p.slab = p.slab[:start+n]
	return p.slab[start : start : start+n]
}

// reserveArena gives the arena its first block, sized for the live
// subsegments of the tree with an eighth to spare.
func (p *packer) reserveArena() {
	if p.arena == nil {
		if p.arenaPerLive == 0 {
			p.arenaPerLive = initialArenaPerLive
		}
		want := p.live * p.arenaPerLive
		want += want / 8
		p.arena = make([]byte, 0, min(max(want, minArena), maxInitialArena))
	}
}

// learnArena updates arenaPerLive with what this pack used.
func (p *packer) learnArena() {
	if p.live <= 0 || len(p.arena) == 0 {
		return
	}
	used := (len(p.arena) + p.live - 1) / p.live
	p.arenaPerLive = (3*p.arenaPerLive + used + 3) / 4
}

// streamChild cuts n's i-th child out and queues it as a standalone
// subsegment document. The caller holds n's lock.
func (p *packer) streamChild(n *Segment, i int) {
	c := n.cutChildLocked(i)
	c.Lock()
	c.stampStandalone(n)
	p.addDocument(c)
	c.Unlock()
}

// encodeEmbedded encodes c (locked) for embedding into its parent and
// returns the JSON, which lives in the arena. A too large c first loses its
// largest children to streaming, then has its strings truncated; it is
// dropped (ok false) if even that does not help.
func (p *packer) encodeEmbedded(c *Segment) (json.RawMessage, bool) {
	buf := &p.arena
	if p.level == 2 && len(c.Subsegments) == 0 {
		// Copied into its parent's JSON, which relinkEmbedded then
		// points c's entry at.
		buf = &p.scratch
	} else {
		p.reserveArena()
	}
	start := len(*buf)
	for {
		*buf = p.enc.appendEntity(*buf, c)
		if len(*buf)-start <= maxEmbeddedDocument {
			return sliceFrom(*buf, start), true
		}
		*buf = (*buf)[:start]
		if !p.streamLargestChild(c) {
			break
		}
	}
	if p.encodeTruncated(c, buf, start, maxEmbeddedDocument) {
		return sliceFrom(*buf, start), true
	}
	if p.encodeBare(c, buf, start, maxEmbeddedDocument) {
		logger.Warnf("xray: subsegment %q does not fit into a datagram even with truncated strings; sent without its annotations, metadata, cause, sql and aws data", c.Name)
		return sliceFrom(*buf, start), true
	}
	p.dropped++
	logger.Errorf("xray: subsegment %q does not fit into a datagram even with truncated strings; dropped", c.Name)
	return nil, false
}

// sliceFrom returns buf[start:] with no room to grow into what follows.
func sliceFrom(buf []byte, start int) json.RawMessage {
	end := len(buf)
	return json.RawMessage(buf[start:end:end])
}

// relinkEmbedded points c's Subsegments entries (the JSON of its
// children, some of it in the packer's scratch) at the copies inside raw,
// the JSON of c just encoded, which embeds them verbatim at its end:
// `,"subsegments":[e0,e1,...]}`. Should raw not hold them there (it
// always does), the entries get a copy of their own instead. The caller
// holds c's lock.
func relinkEmbedded(c *Segment, raw json.RawMessage) {
	subs := c.Subsegments
	if len(subs) == 0 {
		return
	}
	end := len(raw) - 2
	if end < 0 || raw[end] != ']' || raw[end+1] != '}' {
		persistSubsegments(c)
		return
	}
	for j := len(subs) - 1; j >= 0; j-- {
		n := len(subs[j])
		if subs[j] == nil {
			n = len("null")
		}
		start := end - n
		if start < 1 {
			persistSubsegments(c)
			return
		}
		if subs[j] != nil {
			in := raw[start:end:end]
			if !bytes.Equal(in, subs[j]) {
				persistSubsegments(c)
				return
			}
			subs[j] = in
		}
		end = start - 1 // the comma, or the '[' before the first
	}
}

// persistSubsegments gives c's Subsegments entries one allocation of
// their own. The caller holds c's lock.
func persistSubsegments(c *Segment) {
	n := 0
	for _, r := range c.Subsegments {
		n += len(r)
	}
	buf := make([]byte, 0, n)
	for i, r := range c.Subsegments {
		if r == nil {
			continue
		}
		start := len(buf)
		buf = append(buf, r...)
		c.Subsegments[i] = sliceFrom(buf, start)
	}
}

// addDocument queues s (locked) as a datagram of its own, making it fit the
// same way encodeEmbedded does.
func (p *packer) addDocument(s *Segment) {
	var mark int
	for {
		mark = len(p.out) // streaming below may have queued documents
		p.out = append(p.out, Header...)
		start := len(p.out)
		p.out = p.enc.appendEntity(p.out, s)
		if len(p.out)-start <= maxDocument {
			p.finishDocument(start)
			return
		}
		p.out = p.out[:mark]
		if !p.streamLargestChild(s) {
			break
		}
	}
	p.out = append(p.out, Header...)
	if start := len(p.out); p.encodeTruncated(s, &p.out, start, maxDocument) {
		p.finishDocument(start)
		return
	}
	if start := len(p.out); p.encodeBare(s, &p.out, start, maxDocument) {
		p.finishDocument(start)
		logger.Warnf("xray: %s %q does not fit into a datagram even with truncated strings; sent without its annotations, metadata, cause, sql and aws data", s.describe(), s.Name)
		return
	}
	p.out = p.out[:mark]
	p.dropped++
	logger.Errorf("xray: %s %q does not fit into a datagram even with truncated strings; dropped", s.describe(), s.Name)
}

// encodeBare re-encodes s into *buf at start without the data users can
// make arbitrarily large, with the shortest strings, and reports whether
// that fits into limit bytes: the last resort before dropping s.
func (p *packer) encodeBare(s *Segment, buf *[]byte, start, limit int) bool {
	defer func() { p.enc.maxStr, p.enc.bare = 0, false }()
	p.enc.maxStr = truncationLevels[len(truncationLevels)-1]
	p.enc.bare = true
	*buf = p.enc.appendEntity((*buf)[:start], s)
	if len(*buf)-start <= limit {
		p.cutAny = true
		return true
	}
	*buf = (*buf)[:start]
	return false
}

// finishDocument ends the datagram whose document starts at start, counting
// it as truncated when it holds a cut string or a document encoded bare
// (its own or an embedded child's).
func (p *packer) finishDocument(start int) {
	if p.cutAny && (bytes.Contains(p.out[start:], []byte(truncationMarker)) || bytes.Contains(p.out[start:], []byte(bareNote))) {
		p.truncated++
	}
	p.ends = append(p.ends, len(p.out))
}

// streamLargestChild streams out s's child with the largest JSON, to make s
// smaller. The caller holds s's lock.
func (p *packer) streamLargestChild(s *Segment) bool {
	if s.childCount() == 0 || len(s.Subsegments) != s.childCount() {
		return false
	}
	best := 0
	for i, raw := range s.Subsegments {
		if len(raw) > len(s.Subsegments[best]) {
			best = i
		}
	}
	p.streamChild(s, best)
	return true
}

// encodeTruncated re-encodes s into *buf at start with ever shorter strings
// until it fits into limit bytes.
func (p *packer) encodeTruncated(s *Segment, buf *[]byte, start, limit int) bool {
	defer func() { p.enc.maxStr = 0 }()
	for _, n := range truncationLevels {
		p.enc.maxStr = n
		p.enc.truncated = false
		*buf = p.enc.appendEntity((*buf)[:start], s)
		if len(*buf)-start <= limit {
			p.cutAny = true
			return true
		}
	}
	*buf = (*buf)[:start]
	return false
}
