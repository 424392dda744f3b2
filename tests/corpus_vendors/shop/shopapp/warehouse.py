"""Nightly exports to the analytics warehouses."""
import clickhouse_connect
import snowflake.connector
from google.cloud import bigquery

from shopapp import settings


class WarehouseExporter:
    def __init__(self):
        self.clickhouse = clickhouse_connect.get_client(host=settings.CLICKHOUSE_HOST, username=settings.CLICKHOUSE_USER, password=settings.CLICKHOUSE_PASSWORD)  # ok: any
        self.bq = bigquery.Client(project=settings.GCP_PROJECT)

    def export_orders(self, orders):
        rows = [[o.id, o.customer_id, o.total_cents, o.currency, o.item_count] for o in orders]
        self.clickhouse.insert("orders", rows, column_names=["order_id", "customer_id", "total_cents", "currency", "item_count"])  # ok: any

    def export_page_views(self, views):
        rows = [[v.customer_id, v.path, v.ip_address, v.viewed_at] for v in views]
        self.clickhouse.insert("page_views", rows, column_names=["customer_id", "path", "ip_address", "viewed_at"])  # expect: user.device.ip_address -> third_party:clickhouse

    def export_customers(self, customers):
        table_id = f"{settings.GCP_PROJECT}.crm.customers"
        rows = [{"customer_id": c.id, "email": c.email, "plan": c.plan, "created_at": c.created_at.isoformat()} for c in customers]
        errors = self.bq.insert_rows_json(table_id, rows)  # expect: user.contact.email -> third_party:google_cloud
        return not errors


def load_contacts_to_snowflake(customers):
    conn = snowflake.connector.connect(
        user=settings.SNOWFLAKE_USER,
        password=settings.SNOWFLAKE_PASSWORD,
        account=settings.SNOWFLAKE_ACCOUNT,
        warehouse="REPORTING_WH",
        database="CRM",
        schema="PUBLIC",
    )
    cursor = conn.cursor()
    try:
        rows = [(c.id, c.full_name, c.phone) for c in customers]
        cursor.executemany("INSERT INTO contacts (customer_id, full_name, phone) VALUES (%s, %s, %s)", rows)  # expect: user.name -> third_party:snowflake; user.contact.phone_number -> third_party:snowflake
        cursor.execute("UPDATE load_state SET last_run = CURRENT_TIMESTAMP() WHERE job = %s", ("contacts",))  # ok: any
    finally:
        cursor.close()
        conn.close()
