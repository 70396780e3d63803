/**
 * What the demo helpdesk talks about: "Lumio", a fictional analytics SaaS, its product areas, its
 * customers and its support team. Everything here is invented; any resemblance is accidental.
 */

export interface ProductArea {
  readonly tag: string;
  readonly name: string;
  readonly subjects: readonly string[];
  /** What a customer writes first, one per subject (same index); `{org}`, `{version}`... are filled in. */
  readonly problems: readonly string[];
  /** Defect titles are `symptom` + ` ` + `context`. */
  readonly defectSymptoms: readonly string[];
  readonly defectContexts: readonly string[];
}

export const PRODUCT: { readonly name: string; readonly defectPrefix: string; readonly versions: readonly string[] } = {
  name: 'Lumio',
  defectPrefix: 'LUM',
  versions: ['5.10.2', '5.11.0', '5.11.1', '5.12.0', '5.12.3', '6.0.0-beta.2'],
};

export const AREAS: readonly ProductArea[] = [
  {
    tag: 'billing',
    name: 'Billing & invoices',
    subjects: [
      'Invoice shows the wrong VAT rate',
      'Charged twice for the annual plan',
      'Cannot download last month\'s invoice as PDF',
      'Seat count on invoice does not match active users',
      'Card declined although the bank says it is fine',
      'Need invoices addressed to our new legal entity',
      'Proration looks wrong after downgrading',
    ],
    problems: [
      'Since we moved to {region}, invoices still show the old VAT rate. Our accountant cannot book them like this.',
      'We were charged twice for the annual renewal. Both charges appear on our card statement with the same amount. Please refund one of them.',
      'The invoice PDF download spins forever and then shows "Something went wrong". It worked last month. We need it for our month-end close on Friday.',
      'Our finance team noticed that the invoice for this month lists {seats} seats, but we only have {active} active users in the admin console. We removed people two weeks ago.',
    ],
    defectSymptoms: ['Proration miscalculated', 'Duplicate charge', 'Invoice PDF times out', 'Wrong VAT rate', 'Seat count stale'],
    defectContexts: ['after mid-cycle downgrade', 'on annual renewal', 'for EU entities', 'when SCIM removes users', 'for invoices with more than 500 lines'],
  },
  {
    tag: 'sso',
    name: 'SSO & login',
    subjects: [
      'SAML login fails with "Invalid audience"',
      'Users logged out every few minutes',
      'Okta SCIM provisioning stopped creating users',
      'MFA codes rejected for some users',
      'Azure AD group sync misses nested groups',
      'Password reset email never arrives',
    ],
    problems: [
      'Since this morning nobody in our company can log in with SSO. The error page says "Invalid audience". We have not changed anything on our Okta side. This blocks {affected} people.',
      'Users on {platform} get logged out every 5–10 minutes and lose their unsaved dashboard changes. It started after the {version} update.',
      'New hires are no longer provisioned through SCIM. The Okta log shows 409 Conflict responses from your API.',
      'Some users\' MFA codes are rejected although the time on their phones is correct. Re-enrolling helps for a day.',
    ],
    defectSymptoms: ['SAML audience check too strict', 'Session cookie expires early', 'SCIM returns 409', 'TOTP drift window too small', 'Nested groups ignored'],
    defectContexts: ['with custom entity IDs', 'on Safari', 'for re-activated users', 'after clock change', 'in Azure AD sync'],
  },
  {
    tag: 'reports',
    name: 'Reports & dashboards',
    subjects: [
      'Dashboard totals differ from CSV export',
      'Scheduled report emails are empty',
      'Chart shows data shifted by one day',
      'Report builder crashes when adding a 6th filter',
      'Pivot table loses column order after save',
      'Dashboard takes over a minute to load',
    ],
    problems: [
      'The revenue dashboard shows {amount} for last week but the CSV export of the same report sums to a different number. Which one is right? Our board meeting uses these numbers.',
      'Our scheduled Monday report arrived with an empty table this week and last week. The report itself has data when I open it.',
      'All daily charts are off by one day for us. Data for Monday appears under Sunday. We are in {region}.',
      'When I add a sixth filter in the report builder the page goes blank. Console says "Maximum call stack size exceeded".',
    ],
    defectSymptoms: ['Totals differ from export', 'Scheduled email has empty table', 'Daily buckets shifted', 'Builder crashes', 'Column order lost'],
    defectContexts: ['for non-UTC workspaces', 'with more than 5 filters', 'when rounding currency', 'for pivot tables', 'after daylight saving change'],
  },
  {
    tag: 'api',
    name: 'API & webhooks',
    subjects: [
      'Webhooks delivered twice',
      'API returns 500 on /v2/events with cursor',
      'Rate limit hit although we send 5 requests per second',
      'Webhook signature verification fails',
      'Pagination skips records',
      'API token stopped working after rotation',
    ],
    problems: [
      'We receive every webhook twice, about 200 ms apart, with the same event id. Our handler is idempotent but the duplicates are filling our logs.',
      'GET /v2/events?cursor=... returns HTTP 500 for some cursors. Retrying with the same cursor fails again. Request id: {reqid}.',
      'Our integration gets 429 Too Many Requests although we stay well under the documented limit. Retry-After says 60.',
      'Since {version} the X-Lumio-Signature header does not verify with our secret. It worked before.',
    ],
    defectSymptoms: ['Webhook retried after success', 'Cursor decode error', 'Rate limiter counts retries', 'Signature uses wrong body encoding', 'Page boundary drops records'],
    defectContexts: ['under load', 'for events older than 30 days', 'for multi-region tenants', 'with unicode payloads', 'when items share a timestamp'],
  },
  {
    tag: 'mobile',
    name: 'Mobile app',
    subjects: [
      'iOS app crashes on launch',
      'Push notifications not received on Android',
      'Offline mode loses edits',
      'Charts unreadable in dark mode on mobile',
      'App asks to log in every time',
    ],
    problems: [
      'After updating to the latest iOS version, the app crashes immediately on launch for several of our field staff. Reinstalling does not help.',
      'Android users stopped receiving push notifications for alerts. Notifications are enabled in the system settings.',
      'One of our managers edited a dashboard while offline on a flight; when she reconnected, the changes were gone.',
      'In dark mode the chart labels are dark grey on black and nobody can read them.',
    ],
    defectSymptoms: ['Crash on launch', 'Push token not refreshed', 'Offline edits discarded', 'Dark mode contrast too low', 'Keychain session lost'],
    defectContexts: ['on iOS 19', 'on Android 16', 'after app update', 'on tablets', 'with MDM-managed devices'],
  },
  {
    tag: 'notifications',
    name: 'Notifications & email',
    subjects: [
      'Alert emails arrive hours late',
      'Cannot unsubscribe from weekly digest',
      'Slack alerts stopped',
      'Emails land in spam since last week',
    ],
    problems: [
      'Threshold alerts that should fire immediately arrive 2–4 hours late. We rely on them for on-call.',
      'Several users clicked "unsubscribe" on the weekly digest but keep receiving it. One of them is getting upset.',
      'Our Slack channel has not received any alerts since Tuesday. The integration page says "Connected".',
      'Since last week all Lumio emails land in spam for our domain. Our IT says the DKIM signature fails.',
    ],
    defectSymptoms: ['Alert queue backlog', 'Unsubscribe not persisted', 'Slack token refresh fails', 'DKIM key rotation broke signing'],
    defectContexts: ['during peak hours', 'for SSO users', 'for Enterprise Grid workspaces', 'on custom sending domains'],
  },
  {
    tag: 'import',
    name: 'Data import & export',
    subjects: [
      'CSV import fails on row 10,001',
      'Excel export garbles non-ASCII characters',
      'Import stuck at 99%',
      'Date columns imported as text',
      'Bulk export missing archived projects',
    ],
    problems: [
      'Every CSV import larger than 10,000 rows fails with "Unexpected error" at row 10,001. Smaller files work.',
      'The Excel export shows "MÃ¼ller" instead of "Müller" for all names with umlauts.',
      'Our nightly import has been stuck at 99% since yesterday. We cannot start a new one while it runs.',
      'Dates in our import file (DD.MM.YYYY) end up as text columns and the charts ignore them.',
    ],
    defectSymptoms: ['Import aborts at batch boundary', 'Export encoding not UTF-8 with BOM', 'Import job never finalises', 'Date format detection ignores locale'],
    defectContexts: ['for files over 10k rows', 'in Excel exports', 'when a worker restarts', 'for European date formats'],
  },
  {
    tag: 'integrations',
    name: 'Integrations',
    subjects: [
      'Salesforce sync duplicates accounts',
      'HubSpot integration disconnects daily',
      'Google Sheets connector shows stale data',
      'Snowflake connector times out',
    ],
    problems: [
      'The Salesforce sync creates a duplicate account every time an opportunity is updated. We now have hundreds of duplicates.',
      'The HubSpot integration disconnects every night and someone has to re-authorise it each morning.',
      'The Google Sheets connector shows data from three days ago even after pressing refresh.',
      'Queries through the Snowflake connector time out after 30 seconds although the same query takes 12 seconds in Snowflake.',
    ],
    defectSymptoms: ['Sync matches on name not id', 'OAuth refresh token discarded', 'Connector cache never invalidated', 'Hard-coded 30 s query timeout'],
    defectContexts: ['for Salesforce accounts', 'for HubSpot', 'in Sheets connector', 'in warehouse connectors'],
  },
  {
    tag: 'permissions',
    name: 'Roles & permissions',
    subjects: [
      'Viewer can edit dashboards',
      'Admin cannot remove a user',
      'Custom role loses permissions after save',
      'Shared link exposes hidden columns',
    ],
    problems: [
      'A user with the Viewer role was able to edit and save one of our dashboards. This is a compliance problem for us.',
      'I am an admin but the "Remove user" button is disabled for one particular user.',
      'When I save a custom role, the "Export data" permission is unticked again after reload.',
      'A public share link shows columns that are hidden in the dashboard, including salaries.',
    ],
    defectSymptoms: ['Role check skipped', 'Owner transfer blocks removal', 'Permission flag not saved', 'Share link ignores column visibility'],
    defectContexts: ['for duplicated dashboards', 'for users owning schedules', 'in custom roles', 'for public links'],
  },
  {
    tag: 'performance',
    name: 'Performance',
    subjects: [
      'Everything is slow since the weekend',
      'Search takes 20 seconds',
      'Large dashboards freeze the browser',
      'Timeouts when filtering by date range',
    ],
    problems: [
      'Since the weekend every page in Lumio takes 10+ seconds to load for our whole team in {region}.',
      'Searching for a customer name takes about 20 seconds and sometimes times out.',
      'Our operations dashboard with 40 widgets freezes Chrome for half a minute on open.',
      'Filtering any report by a custom date range times out. Preset ranges work.',
    ],
    defectSymptoms: ['Slow queries', 'Search index not used', 'Widget rendering blocks main thread', 'Date range filter bypasses cache'],
    defectContexts: ['in EU region', 'for large tenants', 'with 40+ widgets', 'for custom ranges'],
  },
];

export const ORG_NAMES: readonly string[] = [
  'Acme Logistics', 'Bluefin Health', 'Cobalt Robotics', 'Dunmore Capital', 'Evergreen Foods', 'Fjord Analytics',
  'Granite Insurance', 'Helios Energy', 'Ironbark Mining', 'Juniper Schools', 'Kestrel Aviation', 'Lighthouse Media',
  'Meridian Retail', 'Nimbus Telecom', 'Orchard Pharma', 'Pinnacle Legal', 'Quarry Construction', 'Riverbend Hospital',
  'Saffron Hotels', 'Tundra Outdoor', 'Umber Design', 'Vantage Motors', 'Willow Care', 'Xenon Labs',
  'Yardley Publishing', 'Zephyr Airlines', 'Atlas Freight', 'Beacon Credit Union', 'Cedar & Co', 'Delta Dental Group',
  'Ember Games', 'Foxglove Florists', 'Gull Ferries', 'Harbor City Council', 'Indigo Travel', 'Jasper Security',
  'Kinetic Sports', 'Lumen Solar', 'Maple Bakery', 'Northwind Shipping', 'Oakridge University', 'Polaris Biotech',
];

export const FIRST_NAMES: readonly string[] = [
  'Amara', 'Ben', 'Chloé', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nadia',
  'Owen', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tamar', 'Uma', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoë', 'Aoife', 'Bjørn',
  'Carmen', 'Dario', 'Esther', 'Femi', 'Gabriel', 'Hannah', 'Ivan', 'Julia', 'Kenji', 'Laila', 'Marek', 'Noor',
];

export const LAST_NAMES: readonly string[] = [
  'Okafor', 'Schmidt', 'Dubois', 'Ivanova', 'Yilmaz', 'Haddad', 'Lindqvist', 'Tanaka', 'García', 'Weber', 'Mensah', 'Novak',
  'Rossi', 'Khan', 'Murphy', 'Patel', 'Lefèvre', 'Costa', 'Andersen', 'Cohen', 'Nair', 'Kowalski', 'Li', 'Hernández',
  'Aydın', 'Müller', 'O\'Brien', 'Nielsen', 'Silva', 'Ricci',
];

/** The support team. The first one is "you" in the demo. */
export const AGENTS: ReadonlyArray<{ id: string; name: string; email: string }> = [
  { id: 'agent-1', name: 'Alex Morgan', email: 'alex.morgan@lumio.example' },
  { id: 'agent-2', name: 'Priya Raman', email: 'priya.raman@lumio.example' },
  { id: 'agent-3', name: 'Tomás Oliveira', email: 'tomas.oliveira@lumio.example' },
  { id: 'agent-4', name: 'Grace Kim', email: 'grace.kim@lumio.example' },
  { id: 'agent-5', name: 'Malik Johnson', email: 'malik.johnson@lumio.example' },
  { id: 'agent-6', name: 'Sofia Bianchi', email: 'sofia.bianchi@lumio.example' },
  { id: 'agent-7', name: 'Jan Kowalczyk', email: 'jan.kowalczyk@lumio.example' },
];

export const GROUPS: readonly string[] = ['Tier 1', 'Tier 2', 'Billing desk', 'Technical accounts'];

export const EXTRA_TAGS: ReadonlyArray<readonly [string, number]> = [
  ['bug', 5], ['how-to', 3], ['feature-request', 2], ['regression', 2], ['churn-risk', 1], ['vip', 1], ['escalated', 1], ['workaround-given', 2],
];

export const PLATFORMS: readonly string[] = ['Web (Chrome)', 'Web (Firefox)', 'Web (Safari)', 'Web (Edge)', 'iOS', 'Android', 'Desktop (Windows)', 'Desktop (macOS)'];
export const REGIONS: readonly string[] = ['EU (Frankfurt)', 'US (Virginia)', 'UK (London)', 'APAC (Singapore)', 'Canada (Montréal)'];

export const AGENT_REPLIES: readonly string[] = [
  'Hi {first},\n\nthanks for the detailed report. I can reproduce this on our side and I am checking with our engineers now. I will get back to you by {when}.',
  'Hi {first},\n\ncould you send us a screenshot of the error and the approximate time it happened (with time zone)? That helps us find it in our logs.',
  'Hi {first},\n\nthis is a known issue that our engineering team is working on. As a workaround you can {workaround}. I have linked your ticket to the defect so you are updated when it is fixed.',
  'Hi {first},\n\na fix for this has been deployed. Could you check whether it works for you now?',
  'Hi {first},\n\nthanks for your patience. I have escalated this to our Tier 2 team, who will look at it today.',
  'Hi {first},\n\njust checking in: is this still happening for you?',
];

export const CUSTOMER_FOLLOW_UPS: readonly string[] = [
  'Thanks. Attached is the screenshot. It happened around 09:40 our time.',
  'Any update on this? Our team is still blocked.',
  'The workaround helps for now, but we need a proper fix before our audit next month.',
  'Yes, it still happens. Today three more colleagues reported it.',
  'Confirmed, it works now. Thank you!',
  'We tried clearing the cache and a different browser; same result.',
  'This is becoming urgent for us. Our renewal is coming up and my manager is asking about it.',
];

export const INTERNAL_NOTES: readonly string[] = [
  'Reproduced on staging with the customer\'s settings. Looks like {defect}.',
  'Customer is on the {tier} plan with ARR {arr}; account manager informed.',
  'Checked the logs: errors started right after the {version} deploy.',
  'Promised a call back by {when}. Set a follow-up.',
  'Asked engineering in #support-escalations; they suspect {defect}.',
  'Workaround given; keep open until the fix ships.',
];

export const WORKAROUNDS: readonly string[] = [
  'export the report as CSV instead', 'log in through the direct link and then switch workspace', 'reduce the import file to batches of 5,000 rows',
  'use the web app until the mobile update is out', 're-authorise the integration from the settings page', 'pick a preset date range',
];

export const ATTACHMENTS: ReadonlyArray<readonly [string, string]> = [
  ['screenshot.png', 'image/png'], ['error-console.txt', 'text/plain'], ['network.har', 'application/json'],
  ['invoice-2026-10.pdf', 'application/pdf'], ['import-sample.csv', 'text/csv'], ['screen-recording.mp4', 'video/mp4'],
];
