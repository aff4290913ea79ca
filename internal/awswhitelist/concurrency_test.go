package awswhitelist

import (
	"sync"
	"testing"
)

// TestConcurrentExtraction builds plans for several types from many
// goroutines at once (run with -race).
func TestConcurrentExtraction(t *testing.T) {
	op := mustParse(t, `{"services":{"s":{"operations":{"o":{
		"request_parameters":["TableName","Count"],
		"request_descriptors":{"QueueUrls":{"list":1,"get_count":1}}}}}}}`).Operation("s", "o")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				dst := map[string]interface{}{}
				if (g+i)%2 == 0 {
					op.AddRequest(dst, &v1Shape{TableName: ptr("t")})
					if dst["table_name"] != "t" {
						t.Errorf("v1: %v", dst)
						return
					}
				} else {
					op.AddRequest(dst, &v2Shape{Count: 2, QueueUrls: []string{"a"}})
					if dst["count"] != int64(2) || dst["queueurls"] != 1 {
						t.Errorf("v2: %v", dst)
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
}

// TestExtractionAllocations pins the cost of recording a DynamoDB GetItem
// (request and response) once the plan is cached.
func TestExtractionAllocations(t *testing.T) {
	op := Default().Operation("dynamodb", "GetItem")
	in := &v1Shape{TableName: ptr("orders"), ConsistentRead: ptr(true)}
	dst := make(map[string]interface{}, 8)
	op.AddRequest(dst, in)
	allocs := testing.AllocsPerRun(200, func() {
		op.AddRequest(dst, in)
		op.AddResponse(dst, in)
	})
	// One for boxing the table name; the bool and the plan lookups are free.
	if allocs > 1 {
		t.Errorf("%v allocations per extraction, want at most 1", allocs)
	}
}

func BenchmarkAddRequestGetItem(b *testing.B) {
	op := Default().Operation("dynamodb", "GetItem")
	in := &v1Shape{TableName: ptr("orders"), ConsistentRead: ptr(true)}
	dst := make(map[string]interface{}, 8)
	b.ReportAllocs()
	for b.Loop() {
		op.AddRequest(dst, in)
		op.AddResponse(dst, in)
	}
}
