package xray

import (
	"database/sql"
	"fmt"
	"slices"
	"sync"
)

// sqlRegistered holds the base driver names SQLContext registered a
// wrapping driver for.
var sqlRegistered struct {
	sync.Mutex
	names map[string]bool
}

// SQLContext opens a database whose connections are traced: every query,
// exec, ping and new connection made with a context holding a segment
// becomes a subsegment. driverName is the name the base driver registered
// with database/sql; the first call with a given name registers a wrapping
// driver named driverName+":xray".
func SQLContext(driverName, dsn string) (*sql.DB, error) {
	if err := registerSQLDriver(driverName, dsn); err != nil {
		return nil, err
	}
	return sql.Open(driverName+":xray", dsn)
}

// registerSQLDriver registers the wrapping driver of driverName once per
// process. dsn is only used to reach the base driver.
func registerSQLDriver(driverName, dsn string) error {
	sqlRegistered.Lock()
	defer sqlRegistered.Unlock()
	if sqlRegistered.names[driverName] {
		return nil
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return err
	}
	base := db.Driver()
	_ = db.Close()
	name := driverName + ":xray"
	if slices.Contains(sql.Drivers(), name) {
		return fmt.Errorf("xray: a database driver named %q is already registered", name)
	}
	sql.Register(name, &sqlDriver{base: base, name: driverName})
	if sqlRegistered.names == nil {
		sqlRegistered.names = make(map[string]bool)
	}
	sqlRegistered.names[driverName] = true
	return nil
}
