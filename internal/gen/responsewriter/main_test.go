package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedFileUpToDate fails when xray/http_response_writer_gen.go
// differs from what the generator writes (run go generate ./xray).
func TestGeneratedFileUpToDate(t *testing.T) {
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "..", "xray", "http_response_writer_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("xray/http_response_writer_gen.go is stale: run go generate ./xray")
	}
}

func TestGenerateCoversEveryCombination(t *testing.T) {
	src, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	if n := strings.Count(s, "{rw}\n"); n != 32 {
		t.Errorf("%d conversions, want 32", n)
	}
	for _, name := range []string{"rwPlain", "rwCFHPR", "rwFHR", "rwFP"} {
		if !strings.Contains(s, "type "+name+" struct{ *responseWriter }") {
			t.Errorf("no type %s", name)
		}
	}
}
