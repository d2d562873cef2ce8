"""Every write of the learning app, one module per concept (views, admin, tasks and demo call them):

- agreements: drafting, submitting, signing and sending back learning agreement versions;
- period: the host's confirmation of the stay, the Transcript of Records, recognition;
- grants: the Erasmus+ grant computed from the dates, top-ups and payments;
- reporting: the year's export and the mobilities missing something;
- reminders: the reminders registered for those gaps.
"""
