package xrayslog

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// nopHandler accepts every record and does nothing, so that allocation
// counts are the wrapper's alone.
type nopHandler struct{}

func (nopHandler) Enabled(context.Context, slog.Level) bool  { return true }
func (nopHandler) Handle(context.Context, slog.Record) error { return nil }
func (h nopHandler) WithAttrs([]slog.Attr) slog.Handler      { return h }
func (h nopHandler) WithGroup(string) slog.Handler           { return h }

// ctxKey puts an unrelated value into contexts, so that the segment lookup
// walks a chain.
type ctxKey struct{}

func TestHandlerAddsNoAllocationWithoutSegment(t *testing.T) {
	ctx := context.WithValue(context.Background(), ctxKey{}, "v")
	r := slog.NewRecord(time.Now(), slog.LevelInfo, "msg", 0)
	r.AddAttrs(slog.String("k", "v"))
	handlers := map[string]slog.Handler{"nop": nopHandler{}}
	if !raceEnabled {
		handlers["json"] = slog.NewJSONHandler(io.Discard, nil)
	}
	for name, inner := range handlers {
		wrapped := NewHandler(inner)
		base := testing.AllocsPerRun(200, func() { _ = inner.Handle(ctx, r) })
		got := testing.AllocsPerRun(200, func() { _ = wrapped.Handle(ctx, r) })
		if got != base {
			t.Errorf("%s: %v allocations per record wrapped, %v bare", name, got, base)
		}

		bare, traced := slog.New(inner), slog.New(wrapped)
		base = testing.AllocsPerRun(200, func() { bare.InfoContext(ctx, "msg", "k", 1) })
		got = testing.AllocsPerRun(200, func() { traced.InfoContext(ctx, "msg", "k", 1) })
		if got != base {
			t.Errorf("%s through slog.Logger: %v allocations wrapped, %v bare", name, got, base)
		}
	}
}

func TestHandlerAllocatesOnlyTheValueWithSegment(t *testing.T) {
	ctx, seg := tracedContext(t)
	defer seg.Close(nil)
	h := NewHandler(nopHandler{})
	r := slog.NewRecord(time.Now(), slog.LevelInfo, "msg", 0)
	if got := testing.AllocsPerRun(200, func() { _ = h.Handle(ctx, r) }); got > 1 {
		t.Errorf("%v allocations per traced record, want at most 1 (the value)", got)
	}
}

func BenchmarkHandler(b *testing.B) {
	traced, seg := tracedContext(b)
	defer seg.Close(nil)
	plain := context.WithValue(context.Background(), ctxKey{}, "v")
	inner := slog.NewJSONHandler(io.Discard, nil)
	cases := []struct {
		name string
		h    slog.Handler
		ctx  context.Context
	}{
		{"json-bare", inner, plain},
		{"json-wrapped-no-segment", NewHandler(inner), plain},
		{"json-wrapped-segment", NewHandler(inner), traced},
		{"nop-bare", nopHandler{}, plain},
		{"nop-wrapped-no-segment", NewHandler(nopHandler{}), plain},
		{"nop-wrapped-segment", NewHandler(nopHandler{}), traced},
	}
	for _, c := range cases {
		l := slog.New(c.h)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.InfoContext(c.ctx, "request handled", "status", 200)
			}
		})
	}
}

func BenchmarkLogger(b *testing.B) {
	var msg fmt.Stringer = text("Emitter using address: 127.0.0.1:2000")
	for _, c := range []struct {
		name  string
		level slog.Level
	}{{"enabled", slog.LevelInfo}, {"disabled", slog.LevelError}} {
		l := NewLogger(slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: c.level})))
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				l.Log(xraylog.LogLevelInfo, msg)
			}
		})
	}
}
