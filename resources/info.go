package resources

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"
)

// canonical turns backslashes into slashes.
func canonical(name string) string { return strings.ReplaceAll(name, `\`, "/") }

// AssetInfo describes the named asset: Name is the full asset name, Size its
// length, Mode 0644, ModTime the time recorded upstream. An unknown name
// gives "AssetInfo <name> not found".
func AssetInfo(name string) (fs.FileInfo, error) {
	a, ok := lookup(name)
	if !ok {
		return nil, fmt.Errorf("AssetInfo %s not found", name)
	}
	return fileInfo{a}, nil
}

// fileInfo is the fs.FileInfo of an asset.
type fileInfo struct{ a *asset }

func (fi fileInfo) Name() string       { return fi.a.name }
func (fi fileInfo) Size() int64        { return int64(len(fi.a.data)) }
func (fi fileInfo) Mode() fs.FileMode  { return 0o644 }
func (fi fileInfo) ModTime() time.Time { return fi.a.modTime }
func (fi fileInfo) IsDir() bool        { return false }
func (fi fileInfo) Sys() any           { return nil }

// digests holds the SHA-256 of every asset, computed on first use.
var digests = sync.OnceValue(func() map[string][sha256.Size]byte {
	m := make(map[string][sha256.Size]byte, len(assets))
	for name, a := range assets {
		m[name] = sha256.Sum256([]byte(a.data))
	}
	return m
})

// AssetDigest returns the SHA-256 of the named asset. An unknown name gives
// "AssetDigest <name> not found".
func AssetDigest(name string) ([sha256.Size]byte, error) {
	d, ok := digests()[canonical(name)]
	if !ok {
		return [sha256.Size]byte{}, fmt.Errorf("AssetDigest %s not found", name)
	}
	return d, nil
}

// Digests returns the SHA-256 of every asset, by name. The map is the
// caller's to keep.
func Digests() (map[string][sha256.Size]byte, error) {
	m := make(map[string][sha256.Size]byte, len(assets))
	for name, d := range digests() {
		m[name] = d
	}
	return m, nil
}
