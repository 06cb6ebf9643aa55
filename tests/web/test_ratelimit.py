from web.ratelimit import RateLimiter


def test_ratelimiter_frees_slot_after_window():
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.hit("a") == 0 and limiter.hit("a") == 0
    assert limiter.hit("a") == 60
    now[0] = 30.0
    assert limiter.hit("a") == 30
    now[0] = 60.5
    assert limiter.hit("a") == 0


def test_ratelimiter_keeps_clients_apart():
    limiter = RateLimiter(1, clock=lambda: 0.0)
    assert limiter.hit("a") == 0
    assert limiter.hit("b") == 0
    assert limiter.hit("a") > 0
