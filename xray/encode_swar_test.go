package xray

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// wordSafe is safeWord byte by byte.
func wordSafe(w uint64) bool {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], w)
	for _, c := range b {
		if !htmlSafe[c] {
			return false
		}
	}
	return true
}

// TestSafeWordEveryByteEveryPosition puts every byte value at every
// position of a word of safe bytes, and also next to a byte below 0x20
// (whose borrow reaches its neighbours), and compares safeWord with the
// table.
func TestSafeWordEveryByteEveryPosition(t *testing.T) {
	for _, fill := range []byte{'a', ' ', '~', '0'} {
		for pos := 0; pos < 8; pos++ {
			for c := 0; c < 256; c++ {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				w := binary.LittleEndian.Uint64(b[:])
				if got, want := safeWord(w), wordSafe(w); got != want {
					t.Fatalf("safeWord(%q) = %v, want %v", b[:], got, want)
				}
				for other := 0; other < 8; other++ {
					if other == pos {
						continue
					}
					b2 := b
					b2[other] = 0x1f
					w2 := binary.LittleEndian.Uint64(b2[:])
					if got, want := safeWord(w2), wordSafe(w2); got != want {
						t.Fatalf("safeWord(%q) = %v, want %v", b2[:], got, want)
					}
				}
			}
		}
	}
}

func TestSafeWordRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("\x00\x1f\x20!\"#%&'+;<=>?[\\]^`{|}~\x7f\x80\xc3\xffaZ09")
	for i := 0; i < 200000; i++ {
		var b [8]byte
		for j := range b {
			b[j] = alphabet[r.IntN(len(alphabet))]
		}
		w := binary.LittleEndian.Uint64(b[:])
		if got, want := safeWord(w), wordSafe(w); got != want {
			t.Fatalf("safeWord(%q) = %v, want %v", b[:], got, want)
		}
		if w2 := r.Uint64(); safeWord(w2) != wordSafe(w2) {
			t.Fatalf("safeWord(%#x) = %v, want %v", w2, safeWord(w2), wordSafe(w2))
		}
	}
}

func FuzzSafeWord(f *testing.F) {
	f.Add(uint64(0x6162636465666768))
	f.Add(uint64(0x3c3e22265c1f7f80))
	f.Fuzz(func(t *testing.T, w uint64) {
		if got, want := safeWord(w), wordSafe(w); got != want {
			t.Fatalf("safeWord(%#x) = %v, want %v", w, got, want)
		}
	})
}
