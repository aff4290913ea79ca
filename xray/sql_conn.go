package xray

import (
	"context"
	"database/sql/driver"
)

// sqlConn wraps a driver connection: Exec, Query and Ping calls are traced,
// everything else passes through. It is never handed out itself: wrapConn
// returns a value exposing exactly the optional interfaces of the base
// connection (see sql_conn_variants.go), so database/sql takes the same
// paths as with the bare driver.
type sqlConn struct {
	base driver.Conn
	attr *sqlAttributes

	preparer  driver.ConnPrepareContext
	beginner  driver.ConnBeginTx
	execer    driver.ExecerContext
	queryer   driver.QueryerContext
	lexecer   sqlLegacyExecer
	lqueryer  sqlLegacyQueryer
	pinger    driver.Pinger
	resetter  driver.SessionResetter
	checker   driver.NamedValueChecker
	validator driver.Validator
}

// sqlLegacyExecer and sqlLegacyQueryer are driver.Execer and driver.Queryer,
// which drivers from before Go 1.8 implement instead of the context forms.
type (
	sqlLegacyExecer interface {
		Exec(query string, args []driver.Value) (driver.Result, error)
	}
	sqlLegacyQueryer interface {
		Query(query string, args []driver.Value) (driver.Rows, error)
	}
)

// sqlConnCore is what every wrapped connection implements. xrayConn returns
// the wrapper itself.
type sqlConnCore interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
	xrayConn() *sqlConn
}

// sqlConnCaps is the set of optional interfaces a wrapped connection
// exposes.
type sqlConnCaps uint8

const (
	sqlCapPinger    sqlConnCaps = 1 << iota // driver.Pinger
	sqlCapExecer                            // driver.ExecerContext (base: ExecerContext or Execer)
	sqlCapQueryer                           // driver.QueryerContext (base: QueryerContext or Queryer)
	sqlCapResetter                          // driver.SessionResetter
	sqlCapChecker                           // driver.NamedValueChecker
	sqlCapValidator                         // driver.Validator

	sqlConnVariants = 1 << iota
)

// wrapConn wraps base, whose subsegments record attr.
func wrapConn(base driver.Conn, attr *sqlAttributes) driver.Conn {
	c := &sqlConn{base: base, attr: attr}
	c.preparer, _ = base.(driver.ConnPrepareContext)
	c.beginner, _ = base.(driver.ConnBeginTx)
	c.execer, _ = base.(driver.ExecerContext)
	c.queryer, _ = base.(driver.QueryerContext)
	c.lexecer, _ = base.(sqlLegacyExecer)
	c.lqueryer, _ = base.(sqlLegacyQueryer)
	c.pinger, _ = base.(driver.Pinger)
	c.resetter, _ = base.(driver.SessionResetter)
	c.checker, _ = base.(driver.NamedValueChecker)
	c.validator, _ = base.(driver.Validator)
	return wrapConnCaps(c, c.caps())
}

// caps returns the optional interfaces the base connection has.
func (c *sqlConn) caps() sqlConnCaps {
	var caps sqlConnCaps
	if c.pinger != nil {
		caps |= sqlCapPinger
	}
	if c.execer != nil || c.lexecer != nil {
		caps |= sqlCapExecer
	}
	if c.queryer != nil || c.lqueryer != nil {
		caps |= sqlCapQueryer
	}
	if c.resetter != nil {
		caps |= sqlCapResetter
	}
	if c.checker != nil {
		caps |= sqlCapChecker
	}
	if c.validator != nil {
		caps |= sqlCapValidator
	}
	return caps
}

func (c *sqlConn) xrayConn() *sqlConn { return c }

// Prepare prepares a statement without a context.
func (c *sqlConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext prepares a statement (untraced); its executions are
// traced.
func (c *sqlConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if c.preparer != nil {
		st, err := c.preparer.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		return wrapStmt(c, st, query), nil
	}
	st, err := c.base.Prepare(query)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		_ = st.Close()
		return nil, err
	}
	return wrapStmt(c, st, query), nil
}

// Close closes the base connection.
func (c *sqlConn) Close() error { return c.base.Close() }

// ResetSession passes through to the base connection.
func (c *sqlConn) ResetSession(ctx context.Context) error {
	if c.resetter == nil {
		return nil
	}
	return c.resetter.ResetSession(ctx)
}

// CheckNamedValue passes through to the base connection.
func (c *sqlConn) CheckNamedValue(nv *driver.NamedValue) error {
	if c.checker == nil {
		return driver.ErrSkip
	}
	return c.checker.CheckNamedValue(nv)
}

// IsValid passes through to the base connection.
func (c *sqlConn) IsValid() bool {
	return c.validator == nil || c.validator.IsValid()
}
