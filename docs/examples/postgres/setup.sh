#!/usr/bin/env bash
# Creates a PostgreSQL example for the README: two shards with 200,000 orders routed by hash, an empty
# third shard, a registry database, and the old (2 shards) and new (3 shards) topology files.
# Needs a PostgreSQL server on 127.0.0.1:5432 where user postgres may create databases (trust auth).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
psql_admin=(psql -h 127.0.0.1 -U postgres -d postgres -qAt -v ON_ERROR_STOP=1)

for db in orders_0 orders_1 orders_2 orders_registry; do
  "${psql_admin[@]}" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done

# shard-0 owns hashes below 0, shard-1 the rest: the equal split of two shards.
for shard in 0 1; do
  if [ "$shard" = 0 ]; then side="< 0"; else side=">= 0"; fi
  psql -h 127.0.0.1 -U postgres -d "orders_$shard" -qAt -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  placed_at timestamptz NOT NULL,
  total numeric(12,2) NOT NULL,
  status text NOT NULL,
  note text
);
INSERT INTO orders
SELECT g, c, timestamptz '2025-01-01' + g * interval '7 minutes', round((g % 9973) * 1.37, 2),
       (ARRAY['placed','paid','shipped','delivered'])[1 + g % 4], CASE WHEN g % 10 = 0 THEN 'gift wrap, please' END
FROM generate_series(1, 200000) AS g, LATERAL (SELECT (g * 7919) % 40000 + 1 AS c) AS k
WHERE hashtextextended(c::text, 0) $side;
CREATE INDEX orders_customer ON orders (customer_id);
ANALYZE orders;
SQL
done

write_topology() {
  local file="$1" name="$2" shards="$3" list=""
  for i in $(seq 0 $((shards - 1))); do
    list+="${list:+,
    }{\"id\": \"shard-$i\", \"url\": \"jdbc:postgresql://127.0.0.1:5432/orders_$i?user=postgres\"}"
  done
  cat > "$here/$file" <<JSON
{
  "name": "$name",
  "registry": "jdbc:postgresql://127.0.0.1:5432/orders_registry?user=postgres",
  "routing": {"strategy": "hash-range", "ranges": "equal"},
  "shards": [
    $list
  ],
  "tables": [{"name": "orders", "shardKey": "customer_id", "primaryKey": ["id"]}]
}
JSON
}
write_topology old.json orders-pg-v1 2
write_topology new.json orders-pg-v2 3
echo "PostgreSQL example ready: orders_0 ($("${psql_admin[@]}" -d orders_0 -c 'SELECT count(*) FROM orders') rows)," \
     "orders_1 ($("${psql_admin[@]}" -d orders_1 -c 'SELECT count(*) FROM orders') rows), orders_2 (empty), orders_registry;" \
     "topologies in $here"
