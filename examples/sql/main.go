// Command sql queries an in-memory SQLite database opened with
// xray.SQLContext: every query becomes a subsegment recording the SQL text.
// It prints the documents the SDK sends.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/aws/aws-xray-sdk-go/strategy/sampling"
	"github.com/aws/aws-xray-sdk-go/xray"
)

func main() {
	printDocuments()

	// Like sql.Open("sqlite", dsn), with every query traced.
	db, err := xray.SQLContext("sqlite", "file::memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: one in-memory database

	ctx, seg := xray.BeginSegment(context.Background(), "orders-report")
	// Queries need a context holding a segment: pass ctx to the *Context methods.
	if _, err := db.ExecContext(ctx, "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)"); err != nil {
		log.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO orders (total) VALUES (?), (?)", 19.99, 5.25); err != nil {
		log.Fatal(err)
	}
	var count int
	var sum float64
	if err := db.QueryRowContext(ctx, "SELECT count(*), sum(total) FROM orders").Scan(&count, &sum); err != nil {
		log.Fatal(err)
	}
	// A failing query faults its subsegment and records the error.
	_, err = db.ExecContext(ctx, "SELECT * FROM refunds")
	fmt.Println("query on a missing table:", err != nil)
	seg.Close(nil)
	fmt.Printf("%d orders, %.2f in total\n", count, sum)
}

// printDocuments makes the SDK sample everything and print each document
// instead of sending it to the X-Ray daemon. In production leave Emitter
// unset: documents go to AWS_XRAY_DAEMON_ADDRESS (127.0.0.1:2000 by default).
func printDocuments() {
	all, err := sampling.NewLocalizedStrategyFromJSONBytes([]byte(`{"version": 2, "default": {"fixed_target": 1, "rate": 1.0}}`))
	if err == nil {
		err = xray.Configure(xray.Config{SamplingStrategy: all, Emitter: xray.NewDocumentEmitter(printDocument)})
	}
	if err != nil {
		log.Fatal(err)
	}
}

func printDocument(doc []byte) {
	var out bytes.Buffer
	_ = json.Indent(&out, doc, "", "  ")
	fmt.Printf("sent %s\n", out.Bytes())
}
