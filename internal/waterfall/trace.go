// Package waterfall assembles X-Ray segment documents into traces and renders
// each trace as a text waterfall: one line per segment or subsegment, its
// duration drawn as a bar on the trace's time axis.
package waterfall

import (
	"encoding/json"
	"sort"
)

// Entity is a segment or subsegment as read from a document.
type Entity struct {
	ID          string                 `json:"id"`
	TraceID     string                 `json:"trace_id"`
	ParentID    string                 `json:"parent_id"`
	Type        string                 `json:"type"`
	Name        string                 `json:"name"`
	Namespace   string                 `json:"namespace"`
	Origin      string                 `json:"origin"`
	StartTime   float64                `json:"start_time"`
	EndTime     float64                `json:"end_time"`
	InProgress  bool                   `json:"in_progress"`
	Fault       bool                   `json:"fault"`
	Error       bool                   `json:"error"`
	Throttle    bool                   `json:"throttle"`
	Annotations map[string]interface{} `json:"annotations"`
	HTTP        *struct {
		Response *struct {
			Status int `json:"status"`
		} `json:"response"`
	} `json:"http"`
	Subsegments []*Entity `json:"subsegments"`

	children []*Entity
}

// Trace is every entity received for one trace id, arranged as a forest.
type Trace struct {
	ID    string
	Roots []*Entity
	Start float64
	End   float64
}

// Collector gathers documents and groups them into traces. It is not safe
// for concurrent use.
type Collector struct {
	byTrace map[string][]*Entity
	order   []string
}

// NewCollector returns an empty collector.
func NewCollector() *Collector {
	return &Collector{byTrace: make(map[string][]*Entity)}
}

// Add decodes one segment document (without the daemon header line) and
// files it under its trace. Embedded subsegments inherit the trace id of the
// document that carries them.
func (c *Collector) Add(doc []byte) error {
	var e Entity
	if err := json.Unmarshal(doc, &e); err != nil {
		return err
	}
	if e.TraceID == "" {
		return nil
	}
	if _, seen := c.byTrace[e.TraceID]; !seen {
		c.order = append(c.order, e.TraceID)
	}
	c.byTrace[e.TraceID] = append(c.byTrace[e.TraceID], &e)
	return nil
}

// Len is the number of traces seen.
func (c *Collector) Len() int { return len(c.order) }

// Traces returns the traces in the order their first document arrived.
func (c *Collector) Traces() []*Trace {
	out := make([]*Trace, 0, len(c.order))
	for _, id := range c.order {
		out = append(out, assemble(id, c.byTrace[id]))
	}
	return out
}

// assemble links documents of one trace: embedded subsegments under their
// carrier, standalone ones under the entity whose id is their parent_id.
func assemble(traceID string, docs []*Entity) *Trace {
	byID := make(map[string]*Entity)
	var walk func(e *Entity)
	walk = func(e *Entity) {
		e.children = append(e.children[:0], e.Subsegments...)
		if e.ID != "" {
			byID[e.ID] = e
		}
		for _, s := range e.Subsegments {
			walk(s)
		}
	}
	for _, d := range docs {
		walk(d)
	}
	t := &Trace{ID: traceID}
	for _, d := range docs {
		if p, ok := byID[d.ParentID]; ok && d.ParentID != "" && p != d {
			p.children = append(p.children, d)
			continue
		}
		t.Roots = append(t.Roots, d)
	}
	first := true
	var span func(e *Entity)
	span = func(e *Entity) {
		sort.SliceStable(e.children, func(i, j int) bool { return e.children[i].StartTime < e.children[j].StartTime })
		end := e.EndTime
		if end == 0 {
			end = e.StartTime
		}
		if first || e.StartTime < t.Start {
			t.Start = e.StartTime
		}
		if first || end > t.End {
			t.End = end
		}
		first = false
		for _, c := range e.children {
			span(c)
		}
	}
	sort.SliceStable(t.Roots, func(i, j int) bool { return t.Roots[i].StartTime < t.Roots[j].StartTime })
	for _, r := range t.Roots {
		span(r)
	}
	return t
}
