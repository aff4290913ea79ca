package exception_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	pkgerrors "github.com/pkg/errors"
)

// One formatter and the same errors used from many goroutines at once, as
// segments closing concurrently do. Run with -race.
func TestConcurrentUse(t *testing.T) {
	f := newFormatter(t, 32)
	shared := f.Error("shared")
	wrapped := pkgerrors.Wrap(shared, "ctx")
	joined := errors.Join(errors.New("a"), shared)

	const workers, rounds = 8, 200
	ids := make(chan string, workers*rounds*3)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				for _, err := range []error{shared, wrapped, joined} {
					ex := f.ExceptionFromError(err)
					if ex.Type != "error" || len(ex.Stack) == 0 {
						t.Errorf("worker %d: %+v", w, ex)
						return
					}
					ids <- ex.ID
				}
				if xe := f.Errorf("w%d-%d", w, i); xe.Message != fmt.Sprintf("w%d-%d", w, i) {
					t.Errorf("Errorf message %q", xe.Message)
				}
				_ = recoverPanicf(f)
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := make(map[string]bool, workers*rounds*3)
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %s handed out twice", id)
		}
		seen[id] = true
	}
	if len(seen) != workers*rounds*3 {
		t.Errorf("%d ids, want %d", len(seen), workers*rounds*3)
	}
}
