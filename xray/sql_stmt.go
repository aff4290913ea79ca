package xray

import (
	"context"
	"database/sql/driver"
)

// sqlStmt wraps a prepared statement: its executions are traced with
// preparation "statement". Like connections, a wrapped statement exposes
// exactly the optional interfaces of the base statement.
type sqlStmt struct {
	base  driver.Stmt
	conn  *sqlConn
	query string

	execer    driver.StmtExecContext
	queryer   driver.StmtQueryContext
	checker   driver.NamedValueChecker
	converter sqlColumnConverter
}

// sqlColumnConverter is driver.ColumnConverter.
type sqlColumnConverter interface {
	ColumnConverter(idx int) driver.ValueConverter
}

// sqlStmtCore is what every wrapped statement implements.
type sqlStmtCore interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// wrapStmt wraps a statement prepared on c from query.
func wrapStmt(c *sqlConn, base driver.Stmt, query string) driver.Stmt {
	s := &sqlStmt{base: base, conn: c, query: query}
	s.execer, _ = base.(driver.StmtExecContext)
	s.queryer, _ = base.(driver.StmtQueryContext)
	s.checker, _ = base.(driver.NamedValueChecker)
	s.converter, _ = base.(sqlColumnConverter)
	switch {
	case s.checker != nil && s.converter != nil:
		return struct {
			sqlStmtCore
			driver.NamedValueChecker
			sqlColumnConverter
		}{s, s, s}
	case s.checker != nil:
		return struct {
			sqlStmtCore
			driver.NamedValueChecker
		}{s, s}
	case s.converter != nil:
		return struct {
			sqlStmtCore
			sqlColumnConverter
		}{s, s}
	}
	return struct{ sqlStmtCore }{s}
}

// Close closes the base statement.
func (s *sqlStmt) Close() error { return s.base.Close() }

// NumInput passes through to the base statement.
func (s *sqlStmt) NumInput() int { return s.base.NumInput() }

// Exec executes the statement without a context.
func (s *sqlStmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), sqlNamedArgs(args))
}

// Query executes the statement without a context.
func (s *sqlStmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), sqlNamedArgs(args))
}

// ExecContext executes the statement in a subsegment.
func (s *sqlStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	var res driver.Result
	var err error
	_ = Capture(ctx, s.conn.attr.name, func(ctx context.Context) error {
		s.conn.attr.record(ctx, s.query, "statement")
		if s.execer != nil {
			res, err = s.execer.ExecContext(ctx, args)
			return err
		}
		var values []driver.Value
		if values, err = sqlLegacyArgs(ctx, args); err != nil {
			return err
		}
		//lint:ignore SA1019 statements without StmtExecContext only have Exec
		res, err = s.base.Exec(values)
		return err
	})
	return res, err
}

// QueryContext executes the statement in a subsegment that ends when the
// rows are returned.
func (s *sqlStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	var rows driver.Rows
	var err error
	_ = Capture(ctx, s.conn.attr.name, func(ctx context.Context) error {
		s.conn.attr.record(ctx, s.query, "statement")
		if s.queryer != nil {
			rows, err = s.queryer.QueryContext(ctx, args)
			return err
		}
		var values []driver.Value
		if values, err = sqlLegacyArgs(ctx, args); err != nil {
			return err
		}
		//lint:ignore SA1019 statements without StmtQueryContext only have Query
		rows, err = s.base.Query(values)
		return err
	})
	return rows, err
}

// CheckNamedValue passes through to the base statement.
func (s *sqlStmt) CheckNamedValue(nv *driver.NamedValue) error {
	if s.checker == nil {
		return driver.ErrSkip
	}
	return s.checker.CheckNamedValue(nv)
}

// ColumnConverter passes through to the base statement.
func (s *sqlStmt) ColumnConverter(idx int) driver.ValueConverter {
	if s.converter == nil {
		return driver.DefaultParameterConverter
	}
	return s.converter.ColumnConverter(idx)
}
