package xraytest_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraytest"
)

func TestSegmentDecodesEveryField(t *testing.T) {
	t.Parallel()
	ctx, rec := xraytest.NewRecorder(t)
	ctx, root := xray.BeginSegment(ctx, "all-fields")
	_, sub := xray.BeginSubsegment(ctx, "db")
	sub.Lock()
	sub.Namespace = "remote"
	sub.PrecursorIDs = []string{"a", "b"}
	sub.GetSQL().URL = "postgres://localhost/app"
	sub.GetSQL().SanitizedQuery = "SELECT 1"
	sub.Error, sub.Throttle = true, true
	sub.Unlock()
	sub.Close(nil)

	root.Lock()
	root.User = "alice"
	root.ResourceARN = "arn:aws:lambda:us-east-1:123456789012:function:f"
	root.Origin = "AWS::EC2::Instance"
	req := root.GetHTTP().GetRequest()
	req.Method, req.URL, req.ClientIP, req.UserAgent, req.XForwardedFor = "GET", "http://example.com/x", "10.0.0.1", "ua", true
	root.GetHTTP().GetResponse().Status = 503
	root.GetHTTP().GetResponse().ContentLength = -1
	root.Unlock()
	root.Close(errors.New("unavailable"))

	seg := rec.WaitSegment(t, "all-fields")
	if seg.User != "alice" || seg.ResourceARN == "" || seg.Origin != "AWS::EC2::Instance" || !seg.Fault || seg.EndTime < seg.StartTime {
		t.Errorf("segment %+v", seg)
	}
	wantReq := xray.RequestData{Method: "GET", URL: "http://example.com/x", ClientIP: "10.0.0.1", UserAgent: "ua", XForwardedFor: true}
	if seg.HTTP == nil || *seg.HTTP.Request != wantReq || *seg.HTTP.Response != (xray.ResponseData{Status: 503, ContentLength: -1}) {
		t.Errorf("http %+v", seg.HTTP)
	}
	if ex := seg.Exceptions(); len(ex) != 1 || ex[0].Message != "unavailable" || seg.Cause.WorkingDirectory == "" {
		t.Errorf("cause %+v", seg.Cause)
	}
	db := seg.Subsegment("db")
	if db == nil {
		t.Fatal("no db subsegment")
	}
	if db.Namespace != "remote" || !reflect.DeepEqual(db.PrecursorIDs, []string{"a", "b"}) || !db.Error || !db.Throttle || db.Fault {
		t.Errorf("db %+v", db)
	}
	if *db.SQL != (xray.SQLData{URL: "postgres://localhost/app", SanitizedQuery: "SELECT 1"}) {
		t.Errorf("sql %+v", db.SQL)
	}
	if len(rec.Errored()) != 2 {
		t.Errorf("Errored %q", names(rec.Errored()))
	}

	// Raw holds the whole object: re-encoding it gives the same document.
	var want map[string]interface{}
	if err := json.Unmarshal(rec.RawDocuments()[0], &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seg.Raw, want) {
		t.Errorf("Raw %v\nwant %v", seg.Raw, want)
	}
}

func TestSegmentTreeHelpers(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"id":"1","name":"root","subsegments":[
		{"id":"2","name":"a","subsegments":[{"id":"3","name":"b"}]},
		{"id":"4","name":"b","error":true,"unknown":{"x":1}}]}`)
	var seg xraytest.Segment
	if err := json.Unmarshal(doc, &seg); err != nil {
		t.Fatal(err)
	}
	if got := seg.Subsegment("b"); got == nil || got.ID != "3" {
		t.Errorf("Subsegment(b) = %+v, want the first one depth first", got)
	}
	if seg.Subsegment("root") != nil || seg.Subsegment("none") != nil {
		t.Error("Subsegment found something that is not below the segment")
	}
	var ids []string
	for _, s := range seg.AllSubsegments() {
		ids = append(ids, s.ID)
	}
	if !reflect.DeepEqual(ids, []string{"2", "3", "4"}) {
		t.Errorf("AllSubsegments %v", ids)
	}
	last := seg.Subsegments[1]
	if !last.HasError() || last.Raw["unknown"].(map[string]interface{})["x"] != 1.0 {
		t.Errorf("last %+v", last)
	}
	if err := json.Unmarshal([]byte(`{"name":1}`), &seg); err == nil {
		t.Error("a bad document decoded")
	}
}
