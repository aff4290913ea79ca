package xray

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"sync/atomic"
)

// SQLConnector wraps connector so that the connections of
// sql.OpenDB(SQLConnector(dsn, connector)) are traced. dsn only feeds the
// recorded attributes and must already be free of credentials when it is
// not a URL (URLs lose their password anyway). Database detection tries
// every known database.
func SQLConnector(dsn string, connector driver.Connector) driver.Connector {
	var base driver.Driver
	if connector != nil {
		base = connector.Driver()
	}
	d := &sqlDriver{base: base, name: "unknown"}
	return newSQLConnector(d, connector, dsn, true)
}

// sqlConnector wraps a connector: the first Connect detects the database on
// a connection of its own, and every Connect is traced as "CONNECT".
type sqlConnector struct {
	base     driver.Connector
	drv      *sqlDriver
	dsn      string
	filtered bool

	attr atomic.Pointer[sqlAttributes]
	// detecting holds a token while one Connect detects the database;
	// others wait for it (or for their context).
	detecting chan struct{}
}

func newSQLConnector(d *sqlDriver, base driver.Connector, dsn string, filtered bool) *sqlConnector {
	return &sqlConnector{base: base, drv: d, dsn: dsn, filtered: filtered, detecting: make(chan struct{}, 1)}
}

var errSQLNilConnector = errors.New("xray: SQLConnector needs a connector with a driver")

// Connect opens a traced connection.
func (c *sqlConnector) Connect(ctx context.Context) (driver.Conn, error) {
	attr, err := c.attributes(ctx)
	if err != nil {
		return nil, err
	}
	var conn driver.Conn
	if !canBeginSubsegment(ctx) {
		// database/sql opens pooled connections from its own goroutine with
		// a context that never holds a segment. No user call is waiting on
		// this connect, so it is not traced and the context-missing
		// strategy is not told: RUNTIME_ERROR must not panic in a goroutine
		// the program does not own.
		if conn, err = c.base.Connect(ctx); err != nil {
			return nil, err
		}
		return wrapConn(conn, attr), nil
	}
	_ = Capture(ctx, attr.name, func(ctx context.Context) error {
		conn, err = c.base.Connect(ctx)
		attr.record(ctx, "CONNECT", "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return wrapConn(conn, attr), nil
}

// attributes returns the connector's attributes, detecting the database on
// a separate base connection the first time.
func (c *sqlConnector) attributes(ctx context.Context) (*sqlAttributes, error) {
	if a := c.attr.Load(); a != nil {
		return a, nil
	}
	if c.base == nil || c.drv.base == nil {
		return nil, errSQLNilConnector
	}
	select {
	case c.detecting <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.detecting }()
	if a := c.attr.Load(); a != nil {
		return a, nil
	}
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	a := newSQLAttributes(ctx, conn, c.drv.base, c.drv.name, c.dsn, c.filtered)
	_ = conn.Close()
	if err := ctx.Err(); err != nil {
		// Detection may have failed for this reason: try again next time.
		return nil, err
	}
	c.attr.Store(a)
	return a, nil
}

// Driver returns the wrapping driver.
func (c *sqlConnector) Driver() driver.Driver { return c.drv }

// Close closes the base connector when it is an io.Closer; sql.DB.Close
// calls it.
func (c *sqlConnector) Close() error {
	if cl, ok := c.base.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

// canBeginSubsegment reports whether BeginSubsegment would find a parent in
// ctx: a segment, or the Lambda trace header a facade is built from.
func canBeginSubsegment(ctx context.Context) bool {
	if GetSegment(ctx) != nil {
		return true
	}
	_, lambda := ctx.Value(LambdaTraceHeaderKey).(string)
	return lambda
}
