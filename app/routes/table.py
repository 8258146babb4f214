"""The REST surface as data: (method, path) -> api function. Path parameters and the JSON body (or,
for GET and DELETE, the query string) become the function's named arguments."""

from __future__ import annotations

from dataclasses import dataclass

T = "/api/v1/tenants/<tenant_id:uuid>"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function: str
    status: int = 200
    paginated: bool = False
    tag: str = "tenancy"
    cached: bool = False  # rendered JSON kept in Redis per tenant version, user and parameters
    signs_media: bool = False  # media files in the answer get a signed URL (app/storage/routes.py)

    @property
    def read_only(self) -> bool:
        return self.method == "GET"

    @property
    def invalidates(self) -> tuple[str, ...] | None:
        """The cached endpoints a successful write here can change (None: all of them)."""
        return None if self.read_only else INVALIDATES.get(self.tag)


# What a write can change on the dashboards, by the route's tag; a tag not listed changes them all
# (animals, groups, breeding, sales, farms, members and farm access: counts, lists and visibility).
# A missed dependency would show a client a stale dashboard after its own write: list generously.
INVALIDATES: dict[str, tuple[str, ...]] = {
    "activities": ("dashboard_activities",),
    "production": ("dashboard_stats", "dashboard_analytics"),
    "growth": ("dashboard_analytics",),
    "health": ("dashboard_stats", "dashboard_animals", "dashboard_analytics"),  # withdrawal, status, withheld
    "finance": ("dashboard_stats", "dashboard_analytics", "dashboard_financial_summary"),  # expenses
    "invoices": ("dashboard_recent_sales", "dashboard_financial_summary"),
    "billing": (),  # the subscription is on no dashboard
    "media": (),  # photos and documents are on no dashboard
    "none": (),  # invitations, the audit trail
}

# What an event from the outbox can change, by its aggregate, through the same tags (app/consumer.py
# bumps these for changes the API did not make: Supabase clients, jobs, other services); an
# aggregate not listed changes every cached endpoint.
AGGREGATE_TAGS: dict[str, str] = {
    "production_record": "production", "activity": "activities", "animal_weight": "growth",
    "health_check": "health", "vaccination": "health", "treatment": "health",
    "expense": "finance", "expense_category": "finance", "invoice": "invoices",
    "subscription": "billing", "subscription_invoice": "billing", "invitation": "none", "audit_entry": "none",
    "media": "media",
}


ROUTES: tuple[Route, ...] = (
    Route("GET", "/api/v1/tenants", "list_my_tenants"),
    Route("POST", "/api/v1/tenants", "create_tenant", status=201),
    Route("GET", T, "get_tenant"),
    Route("PATCH", T, "update_tenant"),
    Route("GET", f"{T}/permissions", "my_permissions"),
    Route("GET", f"{T}/members", "list_members", paginated=True),
    Route("PATCH", f"{T}/members/<user_id:uuid>", "change_member_role"),
    Route("DELETE", f"{T}/members/<user_id:uuid>", "remove_member"),
    Route("GET", f"{T}/invitations", "list_invitations"),
    Route("POST", f"{T}/invitations", "invite_member", status=201),
    Route("POST", "/api/v1/invitations/accept", "accept_invitation"),
    Route("GET", f"{T}/farms", "list_farms", tag="farms"),
    Route("POST", f"{T}/farms", "create_farm", status=201, tag="farms"),
    Route("PUT", f"{T}/farms/<farm_id:uuid>/access/<user_id:uuid>", "grant_farm_access", tag="farms"),
    Route("DELETE", f"{T}/farms/<farm_id:uuid>/access/<user_id:uuid>", "revoke_farm_access", tag="farms"),
    Route("GET", "/api/v1/me", "get_my_profile", tag="profile"),
    Route("PATCH", "/api/v1/me", "update_my_profile", tag="profile"),
    # ---- livestock core: farms, locations, animals, groups, movements
    Route("PATCH", f"{T}/farms/<farm_id:uuid>", "update_farm", tag="farms"),
    Route("DELETE", f"{T}/farms/<farm_id:uuid>", "delete_farm", tag="farms"),
    Route("GET", f"{T}/locations", "list_locations", tag="farms"),
    Route("POST", f"{T}/locations", "create_location", status=201, tag="farms"),
    Route("PATCH", f"{T}/locations/<location_id:uuid>", "update_location", tag="farms"),
    Route("DELETE", f"{T}/locations/<location_id:uuid>", "delete_location", tag="farms"),
    Route("GET", f"{T}/breeds", "list_breeds", tag="animals"),
    Route("POST", f"{T}/breeds", "create_breed", status=201, tag="animals"),
    Route("GET", f"{T}/animals", "list_animals", paginated=True, tag="animals"),
    Route("POST", f"{T}/animals", "create_animal", status=201, tag="animals"),
    Route("GET", f"{T}/animals/<animal_id:uuid>", "get_animal", tag="animals"),
    Route("PATCH", f"{T}/animals/<animal_id:uuid>", "update_animal", tag="animals"),
    Route("DELETE", f"{T}/animals/<animal_id:uuid>", "delete_animal", tag="animals"),
    Route("POST", f"{T}/animals/<animal_id:uuid>/status", "change_animal_status", tag="animals"),
    Route("GET", f"{T}/animals/<animal_id:uuid>/movements", "list_movements", tag="animals"),
    Route("POST", f"{T}/animals/<animal_id:uuid>/movements", "move_animal", status=201, tag="animals"),
    Route("GET", f"{T}/groups", "list_groups", tag="groups"),
    Route("POST", f"{T}/groups", "create_group", status=201, tag="groups"),
    Route("GET", f"{T}/groups/<group_id:uuid>/events", "list_group_events", tag="groups"),
    Route("POST", f"{T}/groups/<group_id:uuid>/events", "record_group_event", status=201, tag="groups"),
    # ---- health and production
    Route("GET", f"{T}/health-events", "list_health_events", paginated=True, tag="health"),
    Route("GET", f"{T}/health-checks", "list_health_checks", paginated=True, tag="health"),
    Route("POST", f"{T}/health-checks", "record_health_check", status=201, tag="health"),
    Route("GET", f"{T}/vaccinations", "list_vaccinations", paginated=True, tag="health"),
    Route("POST", f"{T}/vaccinations", "record_vaccination", status=201, tag="health"),
    Route("GET", f"{T}/treatments", "list_treatments", paginated=True, tag="health"),
    Route("POST", f"{T}/treatments", "record_treatment", status=201, tag="health"),
    Route("GET", f"{T}/animals/<animal_id:uuid>/health-records", "animal_health_records", tag="health"),
    Route("GET", f"{T}/production", "list_production", paginated=True, tag="production"),
    Route("POST", f"{T}/production", "record_production", status=201, tag="production"),
    Route("POST", f"{T}/production/bulk", "record_production_bulk", status=201, tag="production"),
    Route("POST", f"{T}/production/<record_id:uuid>/corrections", "correct_production", tag="production"),
    Route("GET", f"{T}/animals/<animal_id:uuid>/production-history", "animal_production_history", tag="production"),
    # ---- breeding, weights and activities
    Route("POST", f"{T}/breeding/services", "record_service", status=201, tag="breeding"),
    Route("POST", f"{T}/breeding/services/<service_id:uuid>/checks", "record_pregnancy_check", status=201,
          tag="breeding"),
    Route("POST", f"{T}/breeding/births", "record_birth", status=201, tag="breeding"),
    Route("GET", f"{T}/breeding/repeat-heat", "repeat_heat_watch", tag="breeding"),
    Route("GET", f"{T}/breeding/due", "births_due", tag="breeding"),
    Route("GET", f"{T}/animals/<animal_id:uuid>/breeding-records", "animal_breeding_records", tag="breeding"),
    Route("POST", f"{T}/animals/<animal_id:uuid>/dry-off", "dry_off", tag="breeding"),
    Route("POST", f"{T}/animals/<animal_id:uuid>/weights", "record_weight", status=201, tag="growth"),
    Route("GET", f"{T}/animals/<animal_id:uuid>/growth", "animal_growth", tag="growth"),
    Route("GET", f"{T}/growth/average-daily-gain", "average_daily_gain", tag="growth"),
    Route("GET", f"{T}/activities", "list_activities", paginated=True, tag="activities"),
    Route("POST", f"{T}/activities", "record_activity", status=201, tag="activities"),
    # ---- finance: expenses
    Route("GET", f"{T}/expense-categories", "list_expense_categories", tag="finance"),
    Route("POST", f"{T}/expense-categories", "create_expense_category", status=201, tag="finance"),
    Route("GET", f"{T}/counterparties", "list_counterparties", tag="finance"),
    Route("POST", f"{T}/counterparties", "create_counterparty", status=201, tag="finance"),
    Route("GET", f"{T}/approval-limits", "list_approval_limits", tag="finance"),
    Route("PUT", f"{T}/approval-limits", "set_approval_limit", tag="finance"),
    Route("GET", f"{T}/expenses", "list_expenses", paginated=True, tag="finance"),
    Route("POST", f"{T}/expenses", "create_expense", status=201, tag="finance"),
    Route("GET", f"{T}/expenses/<expense_id:uuid>", "get_expense", tag="finance"),
    Route("PATCH", f"{T}/expenses/<expense_id:uuid>", "update_expense", tag="finance"),
    Route("DELETE", f"{T}/expenses/<expense_id:uuid>", "delete_expense", tag="finance"),
    Route("POST", f"{T}/expenses/<expense_id:uuid>/submit", "submit_expense", tag="finance"),
    Route("POST", f"{T}/expenses/<expense_id:uuid>/withdraw", "withdraw_expense", tag="finance"),
    Route("POST", f"{T}/expenses/<expense_id:uuid>/approve", "approve_expense", tag="finance"),
    Route("POST", f"{T}/expenses/<expense_id:uuid>/reject", "reject_expense", tag="finance"),
    Route("POST", f"{T}/expenses/<expense_id:uuid>/pay", "mark_expense_paid", tag="finance"),
    Route("POST", f"{T}/expenses/<expense_id:uuid>/corrections", "correct_expense", status=201, tag="finance"),
    Route("GET", f"{T}/expenses/summary", "expense_summary", tag="finance"),
    Route("GET", f"{T}/subscription", "get_subscription", tag="billing"),
    Route("POST", f"{T}/subscription/plan", "change_plan", tag="billing"),
    Route("POST", f"{T}/subscription/cancel", "cancel_subscription", tag="billing"),
    Route("POST", f"{T}/subscription/resume", "resume_subscription", tag="billing"),
    # ---- the audit trail (owners and admins)
    Route("GET", f"{T}/audit-log", "list_audit_log", paginated=True, tag="audit"),
    # ---- finance: sales, invoices, payments
    Route("GET", f"{T}/sales", "list_sales", tag="sales"),
    Route("POST", f"{T}/sales/animals", "record_animal_sale", status=201, tag="sales"),
    Route("POST", f"{T}/sales/products", "record_product_sale", status=201, tag="sales"),
    Route("GET", f"{T}/farms/<farm_id:uuid>/saleable-stock", "saleable_stock", tag="sales"),
    Route("GET", f"{T}/invoices", "list_invoices", paginated=True, tag="invoices"),
    Route("POST", f"{T}/invoices", "create_invoice", status=201, tag="invoices"),
    Route("GET", f"{T}/invoices/<invoice_id:uuid>", "get_invoice", tag="invoices"),
    Route("POST", f"{T}/invoices/<invoice_id:uuid>/issue", "issue_invoice", tag="invoices"),
    Route("POST", f"{T}/invoices/<invoice_id:uuid>/void", "void_invoice", tag="invoices"),
    Route("POST", f"{T}/invoices/<invoice_id:uuid>/payments", "record_payment", status=201, tag="invoices"),
    # ---- media: photos and documents (the row here; the bytes through /storage/v1, app/storage)
    *(route
      for subject, param in (("animals", "animal_id"), ("farms", "farm_id"), ("members", "user_id"),
                             ("invoices", "invoice_id"), ("expenses", "expense_id"))
      for route in (
          Route("POST", f"{T}/{subject}/<{param}:uuid>/media", "create_media", status=201, tag="media"),
          Route("GET", f"{T}/{subject}/<{param}:uuid>/media", "list_media", paginated=True, tag="media",
                signs_media=True))),
    Route("GET", f"{T}/media/<media_id:uuid>", "get_media", tag="media", signs_media=True),
    Route("DELETE", f"{T}/media/<media_id:uuid>", "delete_media", tag="media"),
    # ---- dashboards: cached in Redis (app/cache.py), numbers from db/views and db/functions/100_dashboards.sql
    Route("GET", f"{T}/dashboard/stats", "dashboard_stats", tag="dashboards", cached=True),
    Route("GET", f"{T}/dashboard/animals", "dashboard_animals", tag="dashboards", cached=True),
    Route("GET", f"{T}/dashboard/analytics", "dashboard_analytics", tag="dashboards", cached=True),
    Route("GET", f"{T}/dashboard/activities", "dashboard_activities", tag="dashboards", cached=True),
    Route("GET", f"{T}/dashboard/recent-sales", "dashboard_recent_sales", tag="dashboards", cached=True),
    Route("GET", f"{T}/dashboard/financial-summary", "dashboard_financial_summary", tag="dashboards", cached=True),
)

CACHED_ENDPOINTS: tuple[str, ...] = tuple(route.function for route in ROUTES if route.cached)
