package lambda

import (
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestIsSampled(t *testing.T) {
	tests := []struct {
		name  string
		attrs map[string]string
		want  bool
	}{
		{"sampled", map[string]string{"AWSTraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}, true},
		{"not sampled", map[string]string{"AWSTraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"}, false},
		{"decision unknown", map[string]string{"AWSTraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8"}, false},
		{"substring anywhere", map[string]string{"AWSTraceHeader": "Sampled=1;Root=1-5759e988-bd862e3fe1be46a994272793"}, true},
		{"plain substring test, no parsing", map[string]string{"AWSTraceHeader": "Foo=xSampled=10"}, true},
		{"case matters", map[string]string{"AWSTraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272793;sampled=1"}, false},
		{"empty attribute", map[string]string{"AWSTraceHeader": ""}, false},
		{"other attribute only", map[string]string{"SenderId": "Sampled=1"}, false},
		{"no attributes", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsSampled(events.SQSMessage{Attributes: tt.attrs}); got != tt.want {
				t.Errorf("IsSampled(%v) = %t, want %t", tt.attrs, got, tt.want)
			}
		})
	}
}

func TestIsSampledIgnoresMessageAttributes(t *testing.T) {
	msg := events.SQSMessage{
		MessageAttributes: map[string]events.SQSMessageAttribute{
			"AWSTraceHeader": {DataType: "String", StringValue: ptr("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")},
		},
	}
	if IsSampled(msg) {
		t.Error("IsSampled read a message attribute; only the system attribute carries the trace header")
	}
}

func ptr(s string) *string { return &s }
