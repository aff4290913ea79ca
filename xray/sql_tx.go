package xray

import (
	"context"
	"database/sql/driver"
	"errors"
)

var (
	errSQLIsolation = errors.New("xray: driver does not support non-default isolation level")
	errSQLReadOnly  = errors.New("xray: driver does not support read-only transactions")
)

// Begin starts a transaction without a context.
func (c *sqlConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx starts a transaction on the base connection. Transactions are not
// traced: the base driver.Tx is returned as is, and Commit and Rollback go
// straight to the driver.
func (c *sqlConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.beginner != nil {
		return c.beginner.BeginTx(ctx, opts)
	}
	if opts.Isolation != 0 {
		return nil, errSQLIsolation
	}
	if opts.ReadOnly {
		return nil, errSQLReadOnly
	}
	//lint:ignore SA1019 drivers without ConnBeginTx only have Begin
	tx, err := c.base.Begin()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return tx, nil
}
