"""Which Django permissions each back-office role has.

The groups are created by a data migration; their permissions are (re)applied after every
`migrate`, because the permissions of the other apps only exist once their migrations ran.
An entry `app_label.*` means every permission of that app.
"""

STAFF_GROUP = "IRO staff"
SUPERVISOR_GROUP = "Academic supervisors"

ROLE_PERMISSIONS = {
    STAFF_GROUP: [
        "partners.*",
        "mobility.*",
        "summerschool.*",
        "projects.*",
        "core.*",
        "reminders.*",
        "learning.*",
        "django_celery_beat.*",
        # The outbox: follow deliveries and send failed ones again (core/admin.py hides bodies).
        "post_office.view_email",
        "post_office.change_email",
        "post_office.view_log",
        # People: names, language, role (accounts.services.set_role) and new accounts; never their
        # email addresses, passwords, second factors or permissions (accounts/admin.py).
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "account.view_emailaddress",
    ],
    SUPERVISOR_GROUP: [
        "partners.view_institution",
        "partners.view_agreement",
        "mobility.view_call",
        "mobility.view_application",
        "mobility.view_applicationdocument",
        "mobility.view_preference",
        "mobility.view_applicationtransition",
        "mobility.view_criterionassessment",
        "mobility.view_recommendation",
        "mobility.add_recommendation",
        "mobility.change_recommendation",
    ],
}
