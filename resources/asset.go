package resources

import "fmt"

// Asset returns a copy of the named asset's bytes. Backslashes in name are
// read as slashes. An unknown name gives the error "Asset <name> not found".
func Asset(name string) ([]byte, error) {
	a, ok := lookup(name)
	if !ok {
		return nil, fmt.Errorf("Asset %s not found", name)
	}
	return []byte(a.data), nil
}

// AssetString returns the named asset as a string.
func AssetString(name string) (string, error) {
	a, ok := lookup(name)
	if !ok {
		return "", fmt.Errorf("Asset %s not found", name)
	}
	return a.data, nil
}

// MustAsset is Asset that panics with "asset: Asset(<name>): <error>" when
// the asset does not exist. It simplifies initialisation of globals.
func MustAsset(name string) []byte {
	b, err := Asset(name)
	if err != nil {
		panic("asset: Asset(" + name + "): " + err.Error())
	}
	return b
}

// MustAssetString is AssetString that panics like MustAsset.
func MustAssetString(name string) string {
	s, err := AssetString(name)
	if err != nil {
		panic("asset: Asset(" + name + "): " + err.Error())
	}
	return s
}

// AssetNames returns the names of all assets, in no particular order.
func AssetNames() []string {
	names := make([]string, 0, len(assets))
	for name := range assets {
		names = append(names, name)
	}
	return names
}

// AssetDir lists the children of a directory in the asset tree: "" gives
// ["resources"] and "resources" gives the file names within it. Any other
// name, including that of a file, gives "Asset <name> not found". The order
// is unspecified.
func AssetDir(name string) ([]string, error) {
	switch canonical(name) {
	case "":
		return []string{dirName}, nil
	case dirName:
		children := make([]string, 0, len(assets))
		for _, a := range assets {
			children = append(children, a.name[len(dirName)+1:])
		}
		return children, nil
	}
	return nil, fmt.Errorf("Asset %s not found", name)
}
