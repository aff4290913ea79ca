package awswhitelist_test

import (
	"encoding/json"
	"fmt"

	"github.com/aws/aws-xray-sdk-go/internal/awswhitelist"
)

// getItemInput stands in for an AWS SDK input struct.
type getItemInput struct {
	TableName      *string
	ConsistentRead *bool
	Limit          *int64
}

func ExampleOperation_AddRequest() {
	op := awswhitelist.Default().Operation("dynamodb", "GetItem")
	table, consistent := "orders", true
	aws := map[string]interface{}{}
	op.AddRequest(aws, &getItemInput{TableName: &table, ConsistentRead: &consistent})
	b, _ := json.Marshal(aws)
	fmt.Println(string(b))
	// Output: {"consistent_read":true,"table_name":"orders"}
}

func ExampleConvertKey() {
	fmt.Println(awswhitelist.ConvertKey("QueueOwnerAWSAccountId"))
	// Output: queue_owner_a_w_s_account_id
}
