"""Logging into the admin through its form, as a person does."""


def log_in(page, live_server, username, password, *, next_url="/admin/"):
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
