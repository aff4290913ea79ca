package xray

import (
	"context"
	"database/sql/driver"
)

// sqlDriver wraps a database/sql driver so that the connections it opens
// are traced. SQLContext registers one per base driver name.
type sqlDriver struct {
	base driver.Driver
	// name is the base driver's registered name; it picks the databases
	// detection tries ("unknown" for SQLConnector).
	name string
}

// Open opens a base connection and detects the database on it.
func (d *sqlDriver) Open(dsn string) (driver.Conn, error) {
	conn, err := d.base.Open(dsn)
	if err != nil {
		return nil, err
	}
	attr := newSQLAttributes(context.Background(), conn, d.base, d.name, dsn, false)
	return wrapConn(conn, attr), nil
}

// OpenConnector returns a connector whose connections are traced. Since
// sqlDriver implements driver.DriverContext, database/sql always connects
// through it.
func (d *sqlDriver) OpenConnector(dsn string) (driver.Connector, error) {
	var base driver.Connector
	if dc, ok := d.base.(driver.DriverContext); ok {
		c, err := dc.OpenConnector(dsn)
		if err != nil {
			return nil, err
		}
		base = c
	} else {
		base = sqlDSNConnector{drv: d.base, dsn: dsn}
	}
	return newSQLConnector(d, base, dsn, false), nil
}

// sqlDSNConnector is the connector of a driver without one: it opens
// connections with the driver's Open.
type sqlDSNConnector struct {
	drv driver.Driver
	dsn string
}

// Connect opens a connection; it fails with ctx's error when ctx ended
// meanwhile.
func (c sqlDSNConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return conn, nil
}

// Driver returns the base driver.
func (c sqlDSNConnector) Driver() driver.Driver { return c.drv }
