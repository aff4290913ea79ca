package resources

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

var names = []string{
	"resources/AWSWhitelist.json",
	"resources/DefaultSamplingRules.json",
	"resources/ExampleSamplingRules.json",
}

// SHA-256 of the files as published by AWS; pins the exact bytes.
var wantDigests = map[string]string{
	"resources/AWSWhitelist.json":         "c0ee6f3dd16448fbd4f709da78fe460d67a6b3a72268ee023c30e451a6e19b5a",
	"resources/DefaultSamplingRules.json": "ce2c07e96a703eab01cb1d0c291889f0340a26202a2c60c3e88c4423f8b92769",
	"resources/ExampleSamplingRules.json": "d2b23ef41b71de47263dbad475f1b21963881d1b8bda21af67cd2027599ce16c",
}

func TestAssetNames(t *testing.T) {
	got := AssetNames()
	slices.Sort(got)
	if !slices.Equal(got, names) {
		t.Errorf("AssetNames() = %v", got)
	}
}

func TestAssetContent(t *testing.T) {
	for _, name := range names {
		data, err := Asset(name)
		if err != nil {
			t.Fatalf("Asset(%q): %v", name, err)
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != wantDigests[name] {
			t.Errorf("Asset(%q) has SHA-256 %x, want %s", name, sum, wantDigests[name])
		}
		onDisk, err := os.ReadFile(filepath.Base(name))
		if err != nil || !bytes.Equal(onDisk, data) {
			t.Errorf("Asset(%q) differs from the file in the package directory (%v)", name, err)
		}
		if !json.Valid(data) {
			t.Errorf("Asset(%q) is not valid JSON", name)
		}
		s, err := AssetString(name)
		if err != nil || s != string(data) {
			t.Errorf("AssetString(%q) differs from Asset (%v)", name, err)
		}
		if !bytes.Equal(MustAsset(name), data) || MustAssetString(name) != s {
			t.Errorf("Must variants of %q differ", name)
		}
	}
}

func TestAssetReturnsCopy(t *testing.T) {
	a := MustAsset(names[0])
	a[0] = 'X'
	if MustAsset(names[0])[0] == 'X' {
		t.Error("changing the returned slice changed the asset")
	}
}

func TestBackslashNames(t *testing.T) {
	name := `resources\DefaultSamplingRules.json`
	if _, err := Asset(name); err != nil {
		t.Errorf("Asset(%q): %v", name, err)
	}
	if info, err := AssetInfo(name); err != nil || info.Name() != "resources/DefaultSamplingRules.json" {
		t.Errorf("AssetInfo(%q) = %v, %v", name, info, err)
	}
	if _, err := AssetDigest(name); err != nil {
		t.Errorf("AssetDigest(%q): %v", name, err)
	}
}

func TestUnknownAsset(t *testing.T) {
	const name = "resources/nope.json"
	if _, err := Asset(name); err == nil || err.Error() != "Asset resources/nope.json not found" {
		t.Errorf("Asset error = %v", err)
	}
	if _, err := AssetString(name); err == nil || err.Error() != "Asset resources/nope.json not found" {
		t.Errorf("AssetString error = %v", err)
	}
	if _, err := AssetInfo(name); err == nil || err.Error() != "AssetInfo resources/nope.json not found" {
		t.Errorf("AssetInfo error = %v", err)
	}
	if _, err := AssetDigest(name); err == nil || err.Error() != "AssetDigest resources/nope.json not found" {
		t.Errorf("AssetDigest error = %v", err)
	}
	for _, must := range []func(string){func(n string) { MustAsset(n) }, func(n string) { MustAssetString(n) }} {
		func() {
			defer func() {
				if r := recover(); r != "asset: Asset(resources/nope.json): Asset resources/nope.json not found" {
					t.Errorf("panic value = %v", r)
				}
			}()
			must(name)
		}()
	}
}

func TestAssetInfo(t *testing.T) {
	wantTimes := map[string]int64{
		"resources/AWSWhitelist.json":         1573699810,
		"resources/DefaultSamplingRules.json": 1573698794,
		"resources/ExampleSamplingRules.json": 1573698794,
	}
	for _, name := range names {
		info, err := AssetInfo(name)
		if err != nil {
			t.Fatal(err)
		}
		if info.Name() != name || info.Size() != int64(len(MustAsset(name))) || info.Mode() != 0o644 ||
			!info.ModTime().Equal(time.Unix(wantTimes[name], 0)) || info.IsDir() || info.Sys() != nil {
			t.Errorf("AssetInfo(%q) = {%s %d %v %v %v %v}", name, info.Name(), info.Size(), info.Mode(),
				info.ModTime().Unix(), info.IsDir(), info.Sys())
		}
	}
}

func TestDigests(t *testing.T) {
	all, err := Digests()
	if err != nil || len(all) != len(names) {
		t.Fatalf("Digests() = %v, %v", all, err)
	}
	for _, name := range names {
		d, err := AssetDigest(name)
		if err != nil || hex.EncodeToString(d[:]) != wantDigests[name] || all[name] != d {
			t.Errorf("digest of %q = %x (%v)", name, d, err)
		}
	}
	delete(all, names[0])
	if again, _ := Digests(); len(again) != len(names) {
		t.Error("Digests shares its map with callers")
	}
}

func TestAssetDir(t *testing.T) {
	root, err := AssetDir("")
	if err != nil || !slices.Equal(root, []string{"resources"}) {
		t.Errorf(`AssetDir("") = %v, %v`, root, err)
	}
	files, err := AssetDir("resources")
	slices.Sort(files)
	if err != nil || !slices.Equal(files, []string{"AWSWhitelist.json", "DefaultSamplingRules.json", "ExampleSamplingRules.json"}) {
		t.Errorf(`AssetDir("resources") = %v, %v`, files, err)
	}
	for _, name := range []string{"resources/AWSWhitelist.json", "nope", "resources/", "/resources"} {
		if _, err := AssetDir(name); err == nil || err.Error() != "Asset "+name+" not found" {
			t.Errorf("AssetDir(%q) error = %v", name, err)
		}
	}
}

func checkRestored(t *testing.T, dir, name string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, MustAsset(name)) {
		t.Errorf("%s: restored bytes differ", path)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := AssetInfo(name)
	if !st.ModTime().Equal(info.ModTime()) {
		t.Errorf("%s: modification time %v, want %v", path, st.ModTime(), info.ModTime())
	}
}

func TestRestoreAsset(t *testing.T) {
	dir := t.TempDir()
	if err := RestoreAsset(dir, names[1]); err != nil {
		t.Fatal(err)
	}
	checkRestored(t, dir, names[1])
	if err := RestoreAsset(dir, "resources/nope.json"); err == nil {
		t.Error("restoring an unknown asset succeeded")
	}
}

func TestRestoreAssets(t *testing.T) {
	for _, from := range []string{"", "resources"} {
		dir := t.TempDir()
		if err := RestoreAssets(dir, from); err != nil {
			t.Fatalf("RestoreAssets(%q): %v", from, err)
		}
		for _, name := range names {
			checkRestored(t, dir, name)
		}
	}
	dir := t.TempDir()
	if err := RestoreAssets(dir, names[2]); err != nil {
		t.Fatalf("RestoreAssets of a file: %v", err)
	}
	checkRestored(t, dir, names[2])
	if err := RestoreAssets(dir, "nope"); err == nil || err.Error() != "Asset nope not found" {
		t.Errorf("RestoreAssets of an unknown name: %v", err)
	}
}
