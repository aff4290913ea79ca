package main

import (
	"context"
	"net/http"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/aws/aws-xray-sdk-go/instrumentation/awsv2"
)

// The cart lives in DynamoDB, reached with the AWS SDK for Go v2 and traced
// by the X-Ray middleware: one "DynamoDB" subsegment per operation.

var carts struct {
	once sync.Once
	db   *dynamodb.Client
	err  error
}

func cartsTable() (*dynamodb.Client, error) {
	carts.once.Do(func() {
		endpoint, err := fakeAWSURL()
		if err != nil {
			carts.err = err
			return
		}
		cfg := aws.Config{
			Region:      "us-west-2",
			Credentials: credentials.NewStaticCredentialsProvider("AKIDDEMO", "demo-secret", ""),
			HTTPClient:  awsHTTPClient,
		}
		awsv2.AWSV2Instrumentor(&cfg.APIOptions)
		carts.db = dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
			o.BaseEndpoint = aws.String(endpoint)
		})
	})
	return carts.db, carts.err
}

func init() {
	routes.HandleFunc("PUT /carts/{id}", func(w http.ResponseWriter, r *http.Request) {
		db, err := cartsTable()
		if err != nil {
			fail(w, err)
			return
		}
		ctx := r.Context()
		key := map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: r.PathValue("id")}}
		if _, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("carts"), Key: key}); err != nil {
			fail(w, err)
			return
		}
		item := map[string]types.AttributeValue{
			"id":    key["id"],
			"items": &types.AttributeValueMemberN{Value: "3"},
		}
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts"), Item: item}); err != nil {
			fail(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})

	scenarios = append(scenarios, scenario{name: "update cart (DynamoDB, v2)", traces: 1, run: func(ctx context.Context) error {
		if _, err := cartsTable(); err != nil {
			return err
		}
		return visit(ctx, http.MethodPut, "/carts/cart-7", http.StatusNoContent)
	}})
}
