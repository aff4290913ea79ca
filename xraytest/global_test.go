package xraytest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraytest"
)

// The tests of this file change the process-wide configuration: none of
// them runs in parallel.

func TestGlobalRecorderSeesContextFreeCode(t *testing.T) {
	rec := xraytest.NewGlobalRecorder(t)
	srv := httptest.NewServer(xray.Handler(xray.NewFixedSegmentNamer("orders"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = xray.AddAnnotation(r.Context(), "route", "list")
		w.WriteHeader(http.StatusTeapot)
	})))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/orders")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	seg := rec.WaitSegment(t, "orders")
	if seg.HTTP == nil || seg.HTTP.Response == nil || seg.HTTP.Response.Status != http.StatusTeapot || !seg.Error {
		t.Errorf("http %+v error %v", seg.HTTP, seg.Error)
	}
	if seg.Annotations["route"] != "list" {
		t.Errorf("annotations %v", seg.Annotations)
	}
}

func TestGlobalRecorderRestoresThePreviousConfiguration(t *testing.T) {
	outer := xraytest.NewGlobalRecorder(t, xraytest.WithConfig(xray.Config{ServiceVersion: "outer"}))
	var inner *xraytest.Recorder
	t.Run("inner", func(t *testing.T) {
		inner = xraytest.NewGlobalRecorder(t, xraytest.WithConfig(xray.Config{SamplingStrategy: xraytest.SampleAll()}))
		_, seg := xray.BeginSegment(context.Background(), "during")
		seg.Close(nil)
	})
	_, seg := xray.BeginSegment(context.Background(), "after")
	seg.Close(nil)

	if got := inner.Documents(); len(got) != 1 || got[0].Name != "during" {
		t.Errorf("inner recorder got %q", names(got))
	}
	got := outer.Documents()
	if len(got) != 1 || got[0].Name != "after" {
		t.Fatalf("outer recorder got %q", names(got))
	}
	if got[0].Service == nil || got[0].Service.Version != "outer" {
		t.Errorf("outer settings not restored: %+v", got[0].Service)
	}
}

func TestGlobalRecorderLeavesContextRecordersAlone(t *testing.T) {
	global := xraytest.NewGlobalRecorder(t)
	ctx, local := xraytest.NewRecorder(t)
	checkout(ctx)
	if global.Len() != 0 || local.Len() != 1 {
		t.Errorf("global %d local %d", global.Len(), local.Len())
	}
}
