package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"sync"

	_ "modernc.org/sqlite" // the "sqlite" driver

	"github.com/aws/aws-xray-sdk-go/xray"
)

// Order history is kept in SQLite (in memory). The storefront opens it with
// xray.SQLContext, so every query it runs is a subsegment recording the
// database and the SQL text.

// ordersDSN names an in-memory database shared by every connection of the
// process while one of them is open.
const ordersDSN = "file:orders?mode=memory&cache=shared"

var ordersDB struct {
	once sync.Once
	seed *sql.DB // untraced: loads the data before the demo's requests
	db   *sql.DB // traced
	err  error
}

// openOrders creates and fills the database and opens the traced handle.
func openOrders() (*sql.DB, error) {
	ordersDB.once.Do(func() {
		seed, err := sql.Open("sqlite", ordersDSN)
		if err != nil {
			ordersDB.err = err
			return
		}
		seed.SetMaxOpenConns(1)
		seed.SetConnMaxIdleTime(0) // keeps the in-memory database alive
		_, err = seed.Exec(`CREATE TABLE orders (id TEXT PRIMARY KEY, customer TEXT, total REAL);
			INSERT INTO orders VALUES ('o-998', 'c-42', 12.50), ('o-999', 'c-42', 30.00), ('o-1000', 'c-7', 8.75)`)
		if err != nil {
			ordersDB.err = err
			return
		}
		ordersDB.seed = seed
		ordersDB.db, ordersDB.err = xray.SQLContext("sqlite", ordersDSN)
	})
	return ordersDB.db, ordersDB.err
}

func init() {
	routes.HandleFunc("GET /customers/{id}/orders", func(w http.ResponseWriter, r *http.Request) {
		db, err := openOrders()
		if err != nil {
			fail(w, err)
			return
		}
		ctx := r.Context()
		customer := r.PathValue("id")
		rows, err := db.QueryContext(ctx, "SELECT id, total FROM orders WHERE customer = ? ORDER BY id", customer)
		if err != nil {
			fail(w, err)
			return
		}
		var lines []string
		for rows.Next() {
			var id string
			var total float64
			if err := rows.Scan(&id, &total); err != nil {
				rows.Close()
				fail(w, err)
				return
			}
			lines = append(lines, fmt.Sprintf("%s %.2f", id, total))
		}
		rows.Close()
		var spent float64
		if err := db.QueryRowContext(ctx, "SELECT coalesce(sum(total), 0) FROM orders WHERE customer = ?", customer).Scan(&spent); err != nil {
			fail(w, err)
			return
		}
		_ = xray.AddAnnotation(ctx, "orders", len(lines))
		fmt.Fprintf(w, "%s\nspent %.2f\n", strings.Join(lines, "\n"), spent)
	})

	scenarios = append(scenarios, scenario{name: "order history (SQLite)", traces: 1, run: func(ctx context.Context) error {
		if _, err := openOrders(); err != nil {
			return err
		}
		return visit(ctx, http.MethodGet, "/customers/c-42/orders", http.StatusOK)
	}})
}
