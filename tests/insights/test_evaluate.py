from django.urls import reverse


def test_the_page_gives_the_verdict_of_the_published_example(client, world):
    client.force_login(world.users["analyst"])
    response = client.get(reverse("insights:evaluate_counts"), {
        "treated_before": 207, "treated_after": 110, "control_before": 308, "control_after": 318, "level": "0.9"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Crime fell by 107 (90% CI 56 to 158) relative to the control area." in page
    assert "30.7" in page  # the standard error, √943


def test_unequal_periods_and_displacement(client, world):
    client.force_login(world.users["analyst"])
    page = client.get(reverse("insights:evaluate_counts"), {
        "treated_before": 200, "treated_after": 60, "control_before": 200, "control_after": 100,
        "displacement_before": 50, "displacement_after": 25, "displacement_control_before": 50,
        "displacement_control_after": 25, "before_length": 12, "after_length": 6, "level": "0.95",
    }).content.decode()
    # Per 6 months: treated 100 → 60, control 100 → 100; the displacement areas changed alike.
    assert "Crime fell by 40.0 (95% CI" in page and "counting the displacement area" in page


def test_the_form_explains_what_to_fix(client, world):
    client.force_login(world.users["analyst"])
    page = client.get(reverse("insights:evaluate_counts"), {
        "treated_before": 10, "treated_after": -1, "displacement_before": 3, "level": "0.9"}).content.decode()
    assert "There is a problem" in page
    assert "Enter a count of 0 or more" in page
    assert "Enter the number of crimes in the control area before" in page
    assert "Enter all four displacement counts" in page
    assert "Crime fell" not in page and "Crime rose" not in page


def test_all_zero_counts_give_the_engines_reason(client, world):
    client.force_login(world.users["analyst"])
    counts = {"treated_before": 0, "treated_after": 0, "control_before": 0, "control_after": 0, "level": "0.9"}
    page = client.get(reverse("insights:evaluate_counts"), counts).content.decode()
    assert "Every count is zero: there is nothing to compare" in page
