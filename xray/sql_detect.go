package xray

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"

	"github.com/aws/aws-xray-sdk-go/internal/logger"
)

// sqlDatabase is a database the SQL integration can recognise: its label
// (database_type) and a query returning version, user and database name.
type sqlDatabase struct {
	label string
	query string
}

var (
	sqlPostgres = sqlDatabase{"Postgres", "SELECT version(), current_user, current_database()"}
	sqlMySQL    = sqlDatabase{"MySQL", "SELECT version(), current_user(), database()"}
	sqlMSSQL    = sqlDatabase{"MS SQL", "SELECT @@version, current_user, db_name()"}
	sqlOracle   = sqlDatabase{"Oracle", "SELECT version FROM v$instance UNION SELECT user, ora_database_name FROM dual"}

	sqlAnyDatabase = []sqlDatabase{sqlPostgres, sqlMySQL, sqlMSSQL, sqlOracle}
)

// sqlUnknown is recorded for every attribute detection could not read.
const sqlUnknown = "Unknown"

// sqlCandidates returns the databases to try, in order, for a base driver
// registered under driverName.
func sqlCandidates(driverName string) []sqlDatabase {
	switch driverName {
	case "postgres":
		return []sqlDatabase{sqlPostgres}
	case "mysql":
		return []sqlDatabase{sqlMySQL}
	}
	return sqlAnyDatabase
}

// sqlIdentity is what detection learns about the database.
type sqlIdentity struct {
	dbType, version, user, dbname string
}

// detectDatabase runs the candidates' queries on conn until one answers.
func detectDatabase(ctx context.Context, conn driver.Conn, driverName string) sqlIdentity {
	for _, db := range sqlCandidates(driverName) {
		row, err := queryIdentity(ctx, conn, db.query)
		if err == nil {
			return sqlIdentity{dbType: db.label, version: row[0], user: row[1], dbname: row[2]}
		}
		if logger.DebugEnabled() {
			logger.Debugf("xray: database is not %s: %v", db.label, err)
		}
	}
	return sqlIdentity{dbType: sqlUnknown, version: sqlUnknown, user: sqlUnknown, dbname: sqlUnknown}
}

var errSQLColumns = errors.New("xray: detection query did not return 3 columns")

// queryIdentity prepares and runs query on conn and reads its first row of
// exactly three columns as strings.
func queryIdentity(ctx context.Context, conn driver.Conn, query string) (row [3]string, err error) {
	var stmt driver.Stmt
	if p, ok := conn.(driver.ConnPrepareContext); ok {
		stmt, err = p.PrepareContext(ctx, query)
	} else {
		stmt, err = conn.Prepare(query)
	}
	if err != nil {
		return row, err
	}
	defer stmt.Close()

	var rows driver.Rows
	if q, ok := stmt.(driver.StmtQueryContext); ok {
		rows, err = q.QueryContext(ctx, nil)
	} else {
		//lint:ignore SA1019 drivers without StmtQueryContext only have Query
		rows, err = stmt.Query(nil)
	}
	if err != nil {
		return row, err
	}
	defer rows.Close()
	if len(rows.Columns()) != 3 {
		return row, errSQLColumns
	}
	dest := make([]driver.Value, 3)
	if err := rows.Next(dest); err != nil {
		if err == io.EOF {
			return row, errors.New("xray: detection query returned no rows")
		}
		return row, err
	}
	for i, v := range dest {
		if row[i], err = sqlValueString(v); err != nil {
			return row, err
		}
	}
	return row, nil
}

// sqlValueString formats a detection result column.
func sqlValueString(v driver.Value) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case time.Time:
		return x.Format(time.RFC3339Nano), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	return "", fmt.Errorf("xray: detection query returned a %T", v)
}

// sqlDriverVersion is the base driver's Version() when it has one, else the
// package path of its type.
func sqlDriverVersion(d driver.Driver) string {
	if v, ok := d.(interface{ Version() string }); ok {
		return v.Version()
	}
	t := reflect.TypeOf(d)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return ""
	}
	return t.PkgPath()
}
