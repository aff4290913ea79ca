package xray

import (
	"context"
	"database/sql/driver"
	"errors"
)

// ExecContext runs query in a subsegment. driver.ErrSkip from the driver is
// returned (database/sql then prepares the statement) without faulting the
// subsegment.
func (c *sqlConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	var values []driver.Value
	if c.execer == nil {
		if c.lexecer == nil {
			return nil, driver.ErrSkip
		}
		var err error
		if values, err = sqlLegacyArgs(ctx, args); err != nil {
			return nil, err
		}
	}
	var res driver.Result
	var err error
	_ = Capture(ctx, c.attr.name, func(ctx context.Context) error {
		if c.execer != nil {
			res, err = c.execer.ExecContext(ctx, query, args)
		} else {
			res, err = c.lexecer.Exec(query, values)
		}
		return c.attr.finish(ctx, query, err)
	})
	return res, err
}

// QueryContext runs query in a subsegment that ends when the rows are
// returned (reading them is not traced). driver.ErrSkip is handled as in
// ExecContext.
func (c *sqlConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	var values []driver.Value
	if c.queryer == nil {
		if c.lqueryer == nil {
			return nil, driver.ErrSkip
		}
		var err error
		if values, err = sqlLegacyArgs(ctx, args); err != nil {
			return nil, err
		}
	}
	var rows driver.Rows
	var err error
	_ = Capture(ctx, c.attr.name, func(ctx context.Context) error {
		if c.queryer != nil {
			rows, err = c.queryer.QueryContext(ctx, query, args)
		} else {
			rows, err = c.lqueryer.Query(query, values)
		}
		return c.attr.finish(ctx, query, err)
	})
	return rows, err
}

// Ping pings the base connection in a subsegment.
func (c *sqlConn) Ping(ctx context.Context) error {
	if c.pinger == nil {
		return nil
	}
	return Capture(ctx, c.attr.name, func(ctx context.Context) error {
		err := c.pinger.Ping(ctx)
		c.attr.record(ctx, "PING", "")
		return err
	})
}

var errSQLNamedParameters = errors.New("xray: driver does not support the use of Named Parameters")

// sqlLegacyArgs prepares a call to a driver method without a context: it
// fails when ctx is done or an argument is named.
func sqlLegacyArgs(ctx context.Context, args []driver.NamedValue) ([]driver.Value, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	values := make([]driver.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, errSQLNamedParameters
		}
		values[i] = a.Value
	}
	return values, nil
}

// sqlNamedArgs turns the arguments of a call without a context into
// ordinal arguments.
func sqlNamedArgs(values []driver.Value) []driver.NamedValue {
	args := make([]driver.NamedValue, len(values))
	for i, v := range values {
		args[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return args
}
