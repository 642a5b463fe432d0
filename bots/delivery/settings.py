"""Delivery tuning: the hub's (built once by core.bootstrap; see core.delivery_settings)."""

from __future__ import annotations

from core.delivery_settings import DeliverySettings, load_delivery_settings

__all__ = ["DeliverySettings", "load_delivery_settings"]
