package resources

import (
	"os"
	"path/filepath"
)

// RestoreAsset writes the named asset to dir/<name>, creating directories
// (mode 0755) as needed, with the asset's mode and modification time.
func RestoreAsset(dir, name string) error {
	data, err := Asset(name)
	if err != nil {
		return err
	}
	info, err := AssetInfo(name)
	if err != nil {
		return err
	}
	path := filepath.Join(dir, filepath.FromSlash(canonical(name)))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, data, info.Mode()); err != nil {
		return err
	}
	return os.Chtimes(path, info.ModTime(), info.ModTime())
}

// RestoreAssets writes the named directory of the asset tree, and
// everything under it, below dir. A name that is not a directory is
// restored as a single asset; "" restores everything.
func RestoreAssets(dir, name string) error {
	children, err := AssetDir(name)
	if err != nil {
		return RestoreAsset(dir, name)
	}
	for _, child := range children {
		if err := RestoreAssets(dir, filepath.Join(name, child)); err != nil {
			return err
		}
	}
	return nil
}
