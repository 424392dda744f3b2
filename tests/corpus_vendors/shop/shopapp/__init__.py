"""ShopApp backend: accounts, checkout, support desk and marketing integrations."""
