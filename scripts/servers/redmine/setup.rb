# Redmine bootstrap for the Caselink connector tests: what the REST API cannot do (settings,
# trackers, roles, workflows, custom fields, users, API keys). Run by scripts/servers/up.sh as
# www-data in /usr/share/redmine:
#   REDMINE_INSTANCE=default RAILS_ENV=production BUNDLER_VERSION=<ruby-bundler> \
#     bundle exec rails runner setup.rb
# Idempotent. The last line of output is a JSON object with ids and API keys.
require 'json'
rt_url = ENV.fetch('RT_URL', 'http://127.0.0.1:18080')

Setting.rest_api_enabled = '1'
Setting.login_required   = '1'            # like a private corporate tracker
Setting.text_formatting  = 'common_mark'
Setting.host_name        = ENV.fetch('REDMINE_HOST', '127.0.0.1:13000')
Setting.protocol         = 'http'
# No notification mails: delivery is :test anyway, and rendering them made every issue update
# ~0.3 s slower (thin handles one request at a time).
Setting.notified_events  = []

admin = User.find_by_login('admin')
admin.password = admin.password_confirmation = ENV.fetch('REDMINE_ADMIN_PASSWORD', 'caselink-admin')
admin.must_change_passwd = false
admin.save!

def user(login, first, last, password)
  u = User.find_by_login(login) || User.new(firstname: first, lastname: last, mail: "#{login}@caselink.test")
  u.login = login
  u.password = u.password_confirmation = password
  u.must_change_passwd = false
  u.admin = false
  u.save!
  u
end
bot  = user('support-bot', 'Support', 'Bot', 'support-bot-pass')   # what the extension uses
dana = user('dana', 'Dana', 'Developer', 'dana-dev-pass')           # an engineer, assignee of defects

# Tracker for structured product feedback (Bug/Feature/Support come from Redmine's default data).
feedback = Tracker.find_by_name('Product Feedback') ||
  Tracker.create!(name: 'Product Feedback', default_status: IssueStatus.find_by_name('New'),
                  core_fields: Tracker::CORE_FIELDS)
bug = Tracker.find_by_name('Bug')
trackers = Tracker.where(name: ['Bug', 'Feature', 'Product Feedback']).to_a

# A role for support engineers: see, file and edit issues, add (private) notes, relations, watchers.
support_role = Role.find_by_name('Support Engineer') || Role.new(name: 'Support Engineer')
support_role.permissions = %i[view_issues add_issues edit_issues add_issue_notes edit_own_issue_notes
                              view_private_notes set_notes_private manage_issue_relations
                              view_issue_watchers add_issue_watchers save_queries view_time_entries]
support_role.issues_visibility = 'all'
support_role.assignable = false
support_role.save!

# Workflows: Product Feedback gets Bug's transitions (all roles), then Support Engineer gets
# Developer's transitions (all trackers). WorkflowRule.copy replaces, so re-running is harmless.
WorkflowRule.copy(bug, nil, feedback, nil)
WorkflowRule.copy(nil, Role.find_by_name('Developer'), nil, support_role)

def cf(name, attrs)   # create or update (e.g. a changed RT_URL in url_pattern)
  c = IssueCustomField.find_by_name(name) || IssueCustomField.new(name: name)
  c.assign_attributes(attrs)
  c.save!
  c
end
common = { is_filter: true, is_for_all: true, visible: true, trackers: trackers }
support_cf = cf('Support Ticket', common.merge(
  field_format: 'link', multiple: false, url_pattern: "#{rt_url}/Ticket/Display.html?id=%value%",
  description: 'The RT ticket this issue was reported in (a link; one value only)'))
impact_cf = cf('Customer Impact', common.merge(
  field_format: 'list', possible_values: %w[Low Medium High Blocker], default_value: 'Medium'))
component_cf = cf('Component', common.merge(field_format: 'string', searchable: true))
# Several tickets per issue: link (and string) custom fields cannot hold several values (see the
# probe below), and a list needs its values fixed in advance. So "Support Tickets" is a single
# string of comma-separated RT ticket ids, e.g. "12, 40, 41", checked by a regexp.
tickets_cf = cf('Support Tickets', common.merge(
  field_format: 'string', searchable: true, regexp: '\A\d+(\s*,\s*\d+)*\z',
  description: 'All RT tickets that reported this issue, comma-separated ids'))

# Probe the two limitations on throw-away objects (never saved) so the report shows what this
# Redmine does: "multiple" is silently reset to false for link and string formats.
probe = %w[link string text list].to_h do |fmt|
  c = IssueCustomField.new(name: "probe #{fmt}", field_format: fmt, multiple: true,
                           possible_values: (fmt == 'list' ? %w[a b] : nil))
  c.valid?
  [fmt, { multiple_kept: c.multiple? }]
end

puts({
  admin_api_key: admin.api_key, admin_id: admin.id,
  bot_api_key: bot.api_key, bot_user_id: bot.id,
  dana_api_key: dana.api_key, dana_user_id: dana.id,
  trackers: Tracker.all.to_h { |t| [t.name, t.id] },
  statuses: IssueStatus.all.to_h { |s| [s.name, s.id] },
  priorities: IssuePriority.all.to_h { |p| [p.name, p.id] },
  roles: Role.givable.to_h { |r| [r.name, r.id] },
  custom_fields: { support_ticket: support_cf.id, customer_impact: impact_cf.id,
                   component: component_cf.id, support_tickets: tickets_cf.id },
  multiple_probe: probe
}.to_json)
