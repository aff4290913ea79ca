package xray

import (
	"context"
	"database/sql/driver"
)

// sqlAttributes is what every subsegment of one connection (or connector)
// records: its name and the constant part of the sql block.
type sqlAttributes struct {
	name string
	data SQLData
}

// newSQLAttributes parses dsn and runs database detection on conn.
func newSQLAttributes(ctx context.Context, conn driver.Conn, base driver.Driver, driverName, dsn string, filtered bool) *sqlAttributes {
	d := parseDSN(dsn, filtered)
	id := detectDatabase(ctx, conn, driverName)
	return &sqlAttributes{
		name: id.dbname + d.hostSuffix,
		data: SQLData{
			ConnectionString: d.connectionString,
			URL:              d.url,
			DatabaseType:     id.dbType,
			DatabaseVersion:  id.version,
			DriverVersion:    sqlDriverVersion(base),
			User:             id.user,
		},
	}
}

// sqlSkipSuffix is appended to the recorded query when the driver answered
// driver.ErrSkip (database/sql then prepares the statement instead).
const sqlSkipSuffix = " -- skip fast-path; continue as if unimplemented"

// finish records query on the subsegment in ctx and returns the error that
// faults it: err, except driver.ErrSkip, which is not a failure.
func (a *sqlAttributes) finish(ctx context.Context, query string, err error) error {
	if err == driver.ErrSkip {
		a.record(ctx, query+sqlSkipSuffix, "")
		return nil
	}
	a.record(ctx, query, "")
	return err
}

// record fills the sql block of the subsegment in ctx. Without one it tells
// the context-missing strategy.
func (a *sqlAttributes) record(ctx context.Context, query, preparation string) {
	seg := GetSegment(ctx)
	if seg == nil {
		contextMissing(ctx, "failed to get segment from context since segment is nil")
		return
	}
	seg.Lock()
	if !seg.Dummy {
		seg.Namespace = "remote"
		sql := seg.GetSQL()
		*sql = a.data
		sql.SanitizedQuery = query
		sql.Preparation = preparation
	}
	seg.Unlock()
}
