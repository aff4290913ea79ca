//lint:file-ignore SA1019 aws-sdk-go v1 is deprecated upstream; the demo shows its instrumentation.

package main

import (
	"context"
	"net/http"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/s3"
	"github.com/aws/aws-sdk-go/service/sqs"

	"github.com/aws/aws-xray-sdk-go/xray"
)

// Placing an order queues it on SQS and stores the receipt in S3, with the
// AWS SDK for Go v1 traced through xray.AWSSession: one subsegment per
// operation with marshal, attempt and unmarshal steps.

var orderServices struct {
	once  sync.Once
	queue *sqs.SQS
	store *s3.S3
	url   string
	err   error
}

func orderClients() error {
	orderServices.once.Do(func() {
		endpoint, err := fakeAWSURL()
		if err != nil {
			orderServices.err = err
			return
		}
		sess, err := session.NewSession(&aws.Config{
			Region:           aws.String("us-west-2"),
			Endpoint:         aws.String(endpoint),
			Credentials:      credentials.NewStaticCredentials("AKIDDEMO", "demo-secret", ""),
			HTTPClient:       awsHTTPClient,
			S3ForcePathStyle: aws.Bool(true),
		})
		if err != nil {
			orderServices.err = err
			return
		}
		sess = xray.AWSSession(sess) // clients created from sess are traced
		orderServices.queue = sqs.New(sess)
		orderServices.store = s3.New(sess)
		orderServices.url = endpoint + "/123456789012/orders"
	})
	return orderServices.err
}

func init() {
	routes.HandleFunc("POST /orders", func(w http.ResponseWriter, r *http.Request) {
		if err := orderClients(); err != nil {
			fail(w, err)
			return
		}
		ctx := r.Context()
		_, err := orderServices.queue.SendMessageWithContext(ctx, &sqs.SendMessageInput{
			QueueUrl:    aws.String(orderServices.url),
			MessageBody: aws.String(`{"order":"o-1001","cart":"cart-7"}`),
		})
		if err != nil {
			fail(w, err)
			return
		}
		_, err = orderServices.store.PutObjectWithContext(ctx, &s3.PutObjectInput{
			Bucket: aws.String("receipts"),
			Key:    aws.String("o-1001.txt"),
			Body:   strings.NewReader("order o-1001: 3 items, 42.00"),
		})
		if err != nil {
			fail(w, err)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})

	scenarios = append(scenarios, scenario{name: "place order (SQS+S3, AWS v1)", traces: 1, run: func(ctx context.Context) error {
		if err := orderClients(); err != nil {
			return err
		}
		return visit(ctx, http.MethodPost, "/orders", http.StatusCreated)
	}})
}
