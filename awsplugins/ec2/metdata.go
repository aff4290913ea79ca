package ec2

// Metdata is a record of instance properties. Init does not use it.
//
// Deprecated: kept only so that programs naming it still compile.
type Metdata struct {
	AvailabilityZone string
	ImageID          string
	InstanceID       string
	InstanceType     string
}
