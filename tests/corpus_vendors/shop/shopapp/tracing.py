"""APM helpers: tag the current transaction/span with who the request is for."""
import elasticapm
import newrelic.agent
from datadog import statsd
from ddtrace import tracer
from opentelemetry import trace

otel_tracer = trace.get_tracer("shopapp.checkout")


def tag_request_user(customer, client_ip):
    newrelic.agent.add_custom_attribute("customer.email", customer.email)  # expect: user.contact.email -> third_party:newrelic
    newrelic.agent.add_custom_attribute("customer.plan", customer.plan)
    span = tracer.current_span()
    if span is not None:
        span.set_tag("usr.email", customer.email)  # expect: user.contact.email -> third_party:datadog
        span.set_tag("network.client.ip", client_ip)  # expect: user.device.ip_address -> third_party:datadog
    elasticapm.set_user_context(username=customer.username, email=customer.email, user_id=customer.id)  # expect: user.account.username -> third_party:elastic_apm; user.contact.email -> third_party:elastic_apm


def record_signup(plan):
    newrelic.agent.record_custom_event("Signup", {"plan": plan, "source": "web"})  # ok: any
    statsd.increment("shopapp.signups", tags=[f"plan:{plan}"])


def checkout_span(order, customer):
    with otel_tracer.start_as_current_span("checkout") as span:
        span.set_attribute("order.id", order.id)  # ok: any
        span.set_attribute("order.total_cents", order.total_cents)
        span.set_attribute("enduser.id", customer.username)  # expect: user.account.username -> third_party:opentelemetry
        return span.get_span_context().trace_id
