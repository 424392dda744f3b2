"""Network helpers shared by the analytics and security code."""

import ipaddress


def anonymize_ip(ip_address: str) -> str:
    """Zeroes the host part (last octet of IPv4, last 80 bits of IPv6), as analytics tools do."""
    address = ipaddress.ip_address(ip_address)
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
