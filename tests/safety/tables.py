"""Routes-table snippets shared by the table and command tests."""

EMERGENCY_999 = """
[[route]]
id = "emergency-999"
name = "Emergency services"
audience = "anyone"
area = "national"
hours = "24 hours"
categories = ["any"]
source = "general"
reviewed = 2026-01-10
status = "verified"
emergency = true
contacts = [{ kind = "phone", value = "999", label = "" }]
"""
