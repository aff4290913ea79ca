//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; these tests exercise its instrumentation.

package xray

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/dynamodb"

	"github.com/aws/aws-xray-sdk-go/internal/awsfake"
)

func writeWhitelist(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "whitelist.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func getItemWith(t *testing.T, install func(db *dynamodb.DynamoDB)) map[string]interface{} {
	t.Helper()
	srv := awsfake.New(t)
	db := dynamodb.New(awsSession(t, srv, 0))
	install(db)
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{
			TableName:            aws.String("orders"),
			ProjectionExpression: aws.String("id, total"),
			Key:                  map[string]*dynamodb.AttributeValue{"id": {S: aws.String("1")}},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return awsBlockOf(t, op)
}

func TestAWSWithCustomWhitelist(t *testing.T) {
	path := writeWhitelist(t, `{"services":{"dynamodb":{"operations":{"GetItem":{
		"request_parameters":["ProjectionExpression"],
		"request_descriptors":{"Key":{"map":true,"get_keys":true,"rename_to":"KeyNames"},
			"NoSuchList":{"list":true,"get_count":true}}}}}}}`)
	got := getItemWith(t, func(db *dynamodb.DynamoDB) { AWSWithWhitelist(db.Client, path) })
	if got["projection_expression"] != "id, total" || !awsJSONEqual(got["key_names"], []interface{}{"id"}) {
		t.Errorf("aws %v", got)
	}
	if _, ok := got["nosuchlist"]; ok {
		t.Errorf("a missing list field is recorded: %v", got)
	}
	if _, ok := got["table_name"]; ok {
		t.Errorf("default whitelist used: %v", got)
	}
	if _, ok := got["consumed_capacity"]; ok {
		t.Errorf("default whitelist used: %v", got)
	}
}

func TestAWSSessionWithCustomWhitelist(t *testing.T) {
	path := writeWhitelist(t, `{"services":{"dynamodb":{"operations":{"GetItem":{"request_parameters":["ProjectionExpression"]}}}}}`)
	srv := awsfake.New(t)
	db := dynamodb.New(AWSSessionWithWhitelist(awsSession(t, srv, 0), path))
	_, op, err := awsCall(t, func(ctx context.Context) error {
		_, err := db.GetItemWithContext(ctx, &dynamodb.GetItemInput{
			TableName: aws.String("t"), ProjectionExpression: aws.String("p"), Key: map[string]*dynamodb.AttributeValue{},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := awsBlockOf(t, op); got["projection_expression"] != "p" || got["table_name"] != nil {
		t.Errorf("aws %v", got)
	}
}

func TestAWSMissingWhitelistFileFallsBack(t *testing.T) {
	logs := captureLogs(t)
	path := filepath.Join(t.TempDir(), "nope.json")
	got := getItemWith(t, func(db *dynamodb.DynamoDB) { AWSWithWhitelist(db.Client, path) })
	if got["table_name"] != "orders" {
		t.Errorf("default whitelist not used: %v", got)
	}
	_, readErr := os.ReadFile(path)
	want := "ERROR Error occurred while reading customized AWS whitelist JSON file. " + readErr.Error() +
		" \nReverting to default AWS whitelist JSON file."
	n := 0
	for _, l := range awsErrorLines(logs) {
		if l == want {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want the line %q once, got %q", want, awsErrorLines(logs))
	}
}

func TestAWSMalformedWhitelistFileFallsBackToDefault(t *testing.T) {
	path := writeWhitelist(t, `{"services": {"dynamodb": `)
	for name, install := range map[string]func(db *dynamodb.DynamoDB){
		"AWSWithWhitelist": func(db *dynamodb.DynamoDB) { AWSWithWhitelist(db.Client, path) },
	} {
		logs := captureLogs(t)
		got := getItemWith(t, install)
		if got["table_name"] == nil {
			t.Errorf("%s: default whitelist not applied after a malformed file: aws %v", name, got)
		}
		found := false
		for _, l := range awsErrorLines(logs) {
			if strings.HasPrefix(l, "ERROR Error occurred while reading customized AWS whitelist JSON file. ") &&
				strings.HasSuffix(l, " \nReverting to default AWS whitelist JSON file.") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no fallback log line; got %q", name, awsErrorLines(logs))
		}
	}
	srv := awsfake.New(t)
	if s := AWSSessionWithWhitelist(awsSession(t, srv, 0), path); s == nil {
		t.Error("AWSSessionWithWhitelist returned nil for a malformed whitelist file")
	}
}

func TestAWSMalformedWhitelistSectionIsLogged(t *testing.T) {
	logs := captureLogs(t)
	path := writeWhitelist(t, `{"services":{"dynamodb":{"operations":{"GetItem":{
		"request_parameters":"TableName",
		"response_descriptors":{"ConsumedCapacity":{"rename_to":"cc"}}}}}}}`)
	got := getItemWith(t, func(db *dynamodb.DynamoDB) { AWSWithWhitelist(db.Client, path) })
	if got["table_name"] != nil || got["cc"] != nil || got["operation"] != "GetItem" {
		t.Errorf("aws %v", got)
	}
	want := map[string]bool{
		"ERROR failed to get values for aws attribute: cannot get corresponding items for given aws whitelisting json file": false,
		"ERROR Missing keys in request / response descriptors in AWS whitelist JSON file.":                                  false,
	}
	for _, l := range awsErrorLines(logs) {
		if _, ok := want[l]; ok {
			want[l] = true
		}
	}
	for l, seen := range want {
		if !seen {
			t.Errorf("missing log line %q in %q", l, awsErrorLines(logs))
		}
	}
}
