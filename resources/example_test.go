package resources_test

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-xray-sdk-go/resources"
)

func ExampleAsset() {
	data, err := resources.Asset("resources/DefaultSamplingRules.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	var rules struct {
		Version int `json:"version"`
		Default struct {
			FixedTarget int     `json:"fixed_target"`
			Rate        float64 `json:"rate"`
		} `json:"default"`
	}
	if err := json.Unmarshal(data, &rules); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rules.Version, rules.Default.FixedTarget, rules.Default.Rate)
	// Output:
	// 2 1 0.05
}

func ExampleAssetInfo() {
	info, err := resources.AssetInfo("resources/AWSWhitelist.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(info.Name(), info.Size(), info.Mode())
	// Output:
	// resources/AWSWhitelist.json 11191 -rw-r--r--
}

func ExampleAssetDir() {
	dirs, _ := resources.AssetDir("")
	fmt.Println(dirs)
	_, err := resources.AssetDir("resources/AWSWhitelist.json")
	fmt.Println(err)
	// Output:
	// [resources]
	// Asset resources/AWSWhitelist.json not found
}
