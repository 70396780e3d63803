#!/usr/bin/perl
# Seeds the local RT 5 and Redmine 5 servers for Caselink's connector tests, cross-links them and
# writes servers.json / servers.env. Run by scripts/servers/up.sh (as root), one mode at a time:
#
#   seed.pl rt        initialdata (queues, agents, CFs, ACLs), agent token, requestors, tickets,
#                     conversations (REST2 bulk endpoints + rt-mailgate)      -> $RT_STATE_DIR/seed.json
#   seed.pl redmine   project, memberships, categories, issues, journals, relations (REST)
#                                                                              -> $REDMINE_STATE_DIR/seed.json
#   seed.pl link      RT RefersTo + "Redmine Issue" CF <-> Redmine "Support Ticket(s)" CFs
#                                                                              -> $STATE_DIR/link.json
#   seed.pl history   re-attributes REST-created tickets to their requestors and spreads created/
#                     updated times over the last ~7 weeks (SQL on both SQLite DBs)
#   seed.pl env       merges the three JSON files into $STATE_DIR/servers.json and servers.env
#
# Everything is deterministic: the databases are created fresh, requests go one at a time (bulk
# endpoints keep RT fast), so ticket and issue ids and contents are the same on every machine.
# Only core Perl modules (HTTP::Tiny, JSON::PP) plus DBI/DBD::SQLite, which rt5-db-sqlite installs.
use strict;
use warnings;
use utf8;
use Encode ();
use HTTP::Tiny;
use JSON::PP;
use MIME::Base64 qw(encode_base64);
use POSIX qw(strftime);
use Time::HiRes qw(time);
use Time::Local qw(timegm);

binmode STDOUT, ':encoding(UTF-8)';
binmode STDERR, ':encoding(UTF-8)';

my %E = map { $_ => $ENV{$_} } qw(RT_URL REDMINE_URL RT_ROOT_PASSWORD RT_AGENT_USER RT_AGENT_PASSWORD
  RT_STATE_DIR REDMINE_STATE_DIR STATE_DIR SERVERS_DIR RT_DB REDMINE_DB RT_LIB RT_SETUP_DB);
for (qw(RT_URL REDMINE_URL STATE_DIR)) { die "seed.pl: $_ is not set (run scripts/servers/up.sh)\n" unless $E{$_} }
# Where to connect: while seeding, up.sh runs both servers on private ports so that nothing else
# (e.g. tests reading an old servers.json) can change the data; RT_URL/REDMINE_URL are the public
# URLs that go into links and servers.json.
my $RT_CONNECT = $ENV{SEED_RT_URL} || $E{RT_URL};
my $RM_CONNECT = $ENV{SEED_REDMINE_URL} || $E{REDMINE_URL};
my $RT_API = "$RT_CONNECT/REST/2.0";
my $JSON = JSON::PP->new->utf8->canonical;
my $http = HTTP::Tiny->new(timeout => 120, keep_alive => 0, agent => 'caselink-seed/1');
my $T0 = time;

sub say_ { printf STDERR "  [%5.1fs] %s\n", time - $T0, join('', @_) }
sub read_json { my $f = shift; open my $fh, '<:raw', $f or die "seed.pl: cannot read $f: $!\n"; local $/; $JSON->decode(<$fh>) }
sub write_json {
  my ($f, $data) = @_;
  open my $fh, '>:raw', "$f.tmp" or die "seed.pl: cannot write $f: $!\n";
  print $fh JSON::PP->new->utf8->canonical->pretty->encode($data);
  close $fh; rename "$f.tmp", $f or die "seed.pl: rename $f: $!\n";
  chmod 0644, $f;
}
sub basic { 'Basic ' . encode_base64("$_[0]:$_[1]", '') }

# call(METHOD, URL, AUTH_HEADERS, BODY?) -> decoded JSON (or undef for an empty body); dies on non-2xx.
sub call {
  my ($method, $url, $auth, $body) = @_;
  my %h = (%$auth, Accept => 'application/json');
  my %opt = (headers => \%h);
  if (defined $body) { $h{'Content-Type'} = 'application/json'; $opt{content} = $JSON->encode($body) }
  my $r = $http->request($method, $url, \%opt);
  die "seed.pl: $method $url -> $r->{status} $r->{reason}\n" . substr($r->{content} // '', 0, 2000) . "\n"
    unless $r->{success};
  return undef unless length($r->{content} // '') && ($r->{headers}{'content-type'} // '') =~ /json/;
  return $JSON->decode($r->{content});
}

# --------------------------------------------------------------------------------------------
# RT
# --------------------------------------------------------------------------------------------
my %RT_ROOT  = (Authorization => basic('root', $E{RT_ROOT_PASSWORD} // 'caselink-root'));
my %RT_ROBIN = (Authorization => basic('robin', $E{RT_AGENT_PASSWORD} // 'caselink-agent'));
my %RT_AGENT;   # token auth, set once the token exists
sub rt { my ($m, $p, $auth, $b) = @_; call($m, "$RT_API$p", $auth, $b) }

# Fictional customers. RT users have an Organization field; one requestor has none.
my @ORGS = (
  ['Northwind Analytics',  'northwind-analytics.test', ['Alice Moreau', 'Raj Patel']],
  ['Blue Heron Logistics', 'blueheron-logistics.test', ['Bob Okafor', 'Mei Lin']],
  ['Cobalt Dental Group',  'cobaltdental.test',        ['Carla Jensen', 'Tomás Ortega']],
  ['Fjordline Energy',     'fjordline-energy.test',    ['Ingrid Solberg', 'Erik Haugen']],
  ['Helix Biolabs',        'helixbio.test',            ['Priya Nair', 'Sam Whitfield']],
  ['Juniper & Oak Legal',  'juniper-oak.test',         ['Zoë Ångström', 'Marcus Bell']],
  ['Saffron Hotels',       'saffronhotels.test',       ['Leila Haddad', 'Kenji Watanabe']],
);
sub email_of { my ($name, $domain) = @_; my $l = lc $name; $l =~ tr/áéëöåøü/aeeoaou/; $l =~ s/[^a-z]+/./g; "$l\@$domain" }
my @REQUESTORS;   # {name, email, org}
for my $o (@ORGS) { push @REQUESTORS, { name => $_, email => email_of($_, $o->[1]), org => $o->[0] } for @{ $o->[2] } }
push @REQUESTORS, { name => 'Pat Quinn', email => 'pat.quinn@example.net', org => undef };   # no organization

# Ticket templates: [subject, product area, severity, tags, first message]
my @TPL = (
  ['Export to CSV crashes with unicode names', 'Reports', 'S2 - Major', [qw(export unicode crash)],
   "Exporting the monthly report crashes when a customer name contains ü or ß.\nVersion 4.2.1, Windows 11. The log says 'UnicodeEncodeError'."],
  ['Invoices duplicated after payment retry', 'Billing', 'S1 - Critical', [qw(billing data-integrity)],
   "When the payment gateway times out, the automatic retry creates a second invoice for the same order."],
  ['SSO login loops back to the sign-in page', 'SSO', 'S1 - Critical', [qw(sso saml login)],
   "After the IdP certificate rotation our users are sent back to the sign-in page in a loop. SAML tracer shows a valid response."],
  ['API returns 429 far below the documented rate limit', 'API', 'S2 - Major', [qw(api rate-limit)],
   "We get HTTP 429 after ~20 requests per minute, the docs say 600 per minute per token."],
  ['Dashboard widgets load very slowly', 'Dashboard', 'S3 - Minor', [qw(performance ui)],
   "The dashboard takes 30+ seconds to render the revenue widgets every morning."],
  ['Feature request: dark mode for the dashboard', 'Dashboard', 'S4 - Cosmetic', [qw(ui feature-request)],
   "Our night shift would love a dark theme for the dashboard."],
  ['Scheduled report e-mails arrive empty', 'Reports', 'S2 - Major', [qw(reports email)],
   "The weekly PDF report arrives with an empty attachment since last Tuesday."],
  ['Cannot add a second SAML identity provider', 'SSO', 'S3 - Minor', [qw(sso saml configuration)],
   "We are merging with another company and need two IdPs. The settings page only accepts one."],
  ['Webhook deliveries are retried forever', 'API', 'S2 - Major', [qw(api webhooks)],
   "A webhook endpoint that returned 410 Gone is still being called every minute, three days later."],
  ['Credit note shows the wrong VAT rate', 'Billing', 'S2 - Major', [qw(billing vat)],
   "Credit notes for Norwegian customers use 20% VAT instead of 25%."],
  ['Mobile app logs out after every update', 'Mobile', 'S3 - Minor', [qw(mobile login)],
   "Every app update logs all our field staff out and they have to find their passwords again."],
  ['Push notifications delayed by hours', 'Notifications', 'S2 - Major', [qw(notifications mobile)],
   "Shift-change notifications arrive two to three hours late on Android."],
  ['CSV import rejects dates in DD.MM.YYYY format', 'Data Import', 'S3 - Minor', [qw(import dates)],
   "Our ERP exports dates as 31.12.2025 and the importer says 'invalid date' for every row."],
  ['Typo on the invoice footer', 'Billing', 'S4 - Cosmetic', [qw(billing typo)],
   "The footer says 'Thank you for you business'."],
  ['Report totals differ from the dashboard', 'Reports', 'S2 - Major', [qw(reports data-integrity)],
   "The quarterly report says 1,204 orders, the dashboard says 1,198 for the same period."],
  ['API token suddenly invalid', 'API', 'S1 - Critical', [qw(api auth outage)],
   "All our integrations stopped at 09:12 UTC with 401 invalid_token. Nothing changed on our side."],
  ['User provisioning via SCIM creates duplicates', 'SSO', 'S2 - Major', [qw(sso scim provisioning)],
   "Okta SCIM pushes create a second user when the e-mail address changes case."],
  ['Notification e-mails go to spam', 'Notifications', 'S3 - Minor', [qw(notifications email deliverability)],
   "Gmail marks every notification e-mail as spam, SPF looks fine on our side."],
  ['Request: export dashboard as PDF', 'Dashboard', 'S4 - Cosmetic', [qw(feature-request export)],
   "Management wants a PDF of the dashboard every Monday."],
  ['Import stops at 10,000 rows', 'Data Import', 'S2 - Major', [qw(import limits)],
   "Our product catalogue has 14,000 rows, the import silently stops at 10,000."],
  ['Payment page shows a blank screen in Safari', 'Billing', 'S1 - Critical', [qw(billing safari checkout)],
   "Customers on Safari 17 see a white page at checkout. Chrome works."],
  ["Zoë's name shows as Zo\x{fffd} in reports 📉", 'Reports', 'S3 - Minor', [qw(unicode reports)],
   "Names with diacritics are mangled in the PDF report: Zoë becomes Zo\x{fffd}, Ångström becomes ?ngstr?m. Emoji in comments break the layout too 📉."],
  ['Pagination broken on /v2/orders', 'API', 'S2 - Major', [qw(api pagination)],
   "The next link of /v2/orders returns the first page again, so our sync never ends."],
  ['Password reset link expired immediately', 'SSO', 'S3 - Minor', [qw(login password-reset)],
   "Users who click the reset link within a minute are told it expired."],
  ['Mobile app crashes when opening attachments', 'Mobile', 'S2 - Major', [qw(mobile crash attachments)],
   "Opening a PDF attachment on iOS 17 crashes the app immediately."],
  ['How do I change the invoice currency?', 'Billing', 'S4 - Cosmetic', [qw(billing question)],
   "We moved our HQ to Switzerland; how can we switch invoices from EUR to CHF?"],
);
my @VARIANT = ('', ' after upgrading to 4.3', ' for some of our users', ' in the EU region', ' since this morning');
my @VARIANT_TAG = (undef, 'upgrade-4.3', undef, 'eu', undef);
my @REPLY1 = (
  "Thanks for the report, %s. We can reproduce this and are looking into it.",
  "Hi %s, could you send us the exact time it happened and your account id?",
  "Thanks %s. This looks like a known issue; I have linked your ticket to it and will keep you posted.",
  "Hello %s, we have passed this to our engineers with the details you sent.",
);
my @CUSTOMER = (
  "Any update? This is blocking our month-end close.",
  "It happened again today at 14:05 CET. Account id 88123.",
  "Thanks, the workaround helps for now.",
  "Our CFO is asking about this every day now, please escalate.",
);
my @COMMENT = (
  "Internal: reproduced on staging with the customer's data set.",
  "Internal: looks like the encoding option is ignored by the writer. Product bug, not config.",
  "Internal: customer is on the enterprise plan, keep them updated daily.",
  "Internal: same stack trace as two other tickets this week.",
);
my @REPLY2 = (
  "The fix is in 4.3.2, released today. Please update and let us know.",
  "We applied a configuration change on our side; please try again.",
  "Engineering has scheduled the fix for the next release. We will update you then.",
);

# Status plan for Support ticket k (0-based): 25% new, 35% open, 10% stalled, 30% resolved.
sub plan_status { my $b = ($_[0] * 11) % 20; $b < 5 ? 'new' : $b < 12 ? 'open' : $b < 14 ? 'stalled' : 'resolved' }
my %PRIO = ('S1 - Critical' => 100, 'S2 - Major' => 80, 'S3 - Minor' => 50, 'S4 - Cosmetic' => 0);
sub ymdhms { strftime('%Y-%m-%d %H:%M:%S', gmtime $_[0]) }

# Requests that only add transactions to different tickets run side by side (rt-server has 3
# workers): ticket ids do not depend on it, only transaction ids interleave.
sub in_parallel {   # in_parallel(sub, sub, ...): each in its own process; dies if any failed
  my @pids;
  for my $job (@_) {
    my $pid = fork // die "seed.pl: fork: $!\n";
    if (!$pid) { my $ok = eval { $job->(); 1 }; print STDERR $@ unless $ok; POSIX::_exit($ok ? 0 : 1) }
    push @pids, $pid;
  }
  my $failed = grep { waitpid($_, 0); $? != 0 } @pids;
  die "seed.pl: $failed of " . scalar(@pids) . " parallel jobs failed (see above)\n" if $failed;
}
sub chunks { my ($n, @items) = @_; my $size = int((@items + $n - 1) / $n) || 1; my @c; push @c, [ splice @items, 0, $size ] while @items; @c }
sub rt_bulk {   # a bulk correspond/comment/update; the HTTP status is 200 even if items failed
  my ($m, $p, $auth, $items) = @_;
  my $res = rt($m, $p, $auth, $items);
  for my $r (@$res) {
    my ($id, @msg) = @$r;
    die "seed.pl: $m $p: ticket $id: @msg\n" if $p =~ m{/(correspond|comment)$} && !grep { /added/ } @msg;
    die "seed.pl: $m $p: ticket $id: @msg\n" if grep { /does not exist|denied|not allowed|can't change status/i } @msg;
  }
  return $res;
}
sub rt_bulk_parallel {   # rt_bulk_parallel(METHOD, PATH, AUTH, ITEMS, N)
  my ($m, $p, $auth, $items, $n) = @_;
  in_parallel(map { my $c = $_; sub { rt_bulk($m, $p, $auth, $c) } } chunks($n, @$items));
}

sub last_txn_id {
  my $r = rt('GET', '/transactions?query=' . uri('id > 0') . '&orderby=id&order=DESC&per_page=1&fields=id', \%RT_ROOT);
  return $r->{items}[0]{id} + 0;
}
sub uri { my $s = shift; utf8::encode($s); $s =~ s/([^A-Za-z0-9\-_.~])/sprintf('%%%02X', ord $1)/ge; $s }

sub mailgate {
  my ($action, $from_name, $from, $subject, $body, $msgid) = @_;
  $from_name = Encode::encode('MIME-Q', $from_name) if $from_name =~ /[^\x20-\x7e]/;
  $subject = Encode::encode('MIME-Header', $subject) if $subject =~ /[^\x20-\x7e]/;
  my $mail = "From: $from_name <$from>\nTo: support\@caselink.test\nSubject: $subject\nMessage-ID: <$msgid>\n"
           . "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n$body\n";
  utf8::encode($mail);
  open my $p, '|-', 'rt-mailgate', '--queue', 'Support', '--action', $action, '--url', "$RT_CONNECT/"
    or die "seed.pl: rt-mailgate: $!\n";
  print $p $mail;
  close $p or die "seed.pl: rt-mailgate failed (exit $?)\n";
}

sub seed_rt {
  my %out;
  my $state = $E{RT_STATE_DIR};
  # 1. schema: queues, agents, custom fields, ACLs (REST2 cannot apply a CF to a queue), and the
  #    agent's auth token (no REST endpoint for that in 5.0.3), in one rt-setup-database run
  my $token_file = "$state/agent.token";
  unlink $token_file;
  {
    local $ENV{REDMINE_URL} = $E{REDMINE_URL};
    local $ENV{CASELINK_RT_TOKEN_FILE} = $token_file;
    my $log = "$state/initialdata.log";
    system("$E{RT_SETUP_DB} --action insert --skip-create --datafile '$E{SERVERS_DIR}/rt/seed.initialdata' >'$log' 2>&1") == 0
      or die "seed.pl: rt-setup-database --action insert failed, see $log\n";
  }
  my $token = do { open my $fh, '<', $token_file or die "seed.pl: no auth token ($token_file), see $state/initialdata.log\n"; local $/; <$fh> };
  die "seed.pl: odd auth token '$token'\n" unless $token =~ /^\d+-\d+-[0-9a-f]+$/;
  chmod 0600, $token_file;
  say_ 'initialdata: queues Support + Escalations, agents, 4 custom fields, ACLs, plain-text notification templates, agent token';
  %RT_AGENT = (Authorization => "token $token");
  my $me = rt('GET', '/user/agent', \%RT_AGENT);
  say_ "agent token works (user id $me->{id})";
  $out{RT_TOKEN} = $token;

  my %q = map { my $x = rt('GET', "/queue/$_", \%RT_ROOT); ($_ => $x->{id} + 0) } qw(Support Escalations);
  my %cf;
  # (GET /customfields without a query returns nothing in 5.0.3; the JSON search form works)
  for my $c (@{ rt('POST', '/customfields?per_page=100&fields=Name', \%RT_ROOT, [ { field => 'LookupType', value => 'RT::Queue-RT::Ticket' } ])->{items} }) {
    $cf{ $c->{Name} } = $c->{id} + 0;
  }
  die "seed.pl: ticket custom fields missing: " . join(', ', sort keys %cf) . "\n" unless 4 == grep { $cf{$_} } ('Tags', 'Severity', 'Product Area', 'Redmine Issue');

  # 3. requestors (customers), with Organization and RealName
  for my $r (@REQUESTORS) {
    rt('POST', '/user', \%RT_ROOT, { Name => $r->{email}, EmailAddress => $r->{email}, RealName => $r->{name},
                                     defined $r->{org} ? (Organization => $r->{org}) : (), Privileged => 0 });
  }
  say_ scalar(@REQUESTORS) . ' requestors in ' . scalar(@ORGS) . ' organizations';

  # 4. tickets: one bulk request, created in order, so ids are deterministic (1..N)
  my $now = time;
  my (@create, @plan);
  my $N = 130;
  for my $k (0 .. $N - 1) {
    my $t = $TPL[$k % @TPL];
    my $v = int($k / @TPL) % @VARIANT;
    my $req = $REQUESTORS[($k * 7 + $v) % @REQUESTORS];
    my $status = $k == 0 ? 'open' : plan_status($k);     # ticket 1 carries the full conversation
    my $sev = $t->[2];
    my @tags = (@{ $t->[3] }, grep { defined } $VARIANT_TAG[$v]);
    push @tags, 'vip' if defined $req->{org} && $req->{org} =~ /Helix|Fjordline/;
    my $prio = $PRIO{$sev};
    $prio = 65 if $k % 17 == 9;                         # a number between the named priorities
    my $owner = $status eq 'new'     ? ($k % 4 == 1 ? 'agent' : 'Nobody')
              : $status eq 'open'    ? ($k % 10 < 6 ? 'agent' : $k % 10 < 8 ? 'robin' : 'Nobody')
              : $status eq 'stalled' ? 'agent'
              :                        ($k % 3 == 0 ? 'robin' : 'agent');
    my %tk = (
      Queue => 'Support', Subject => $t->[0] . $VARIANT[$v], Requestor => $req->{email},
      Priority => $prio, Owner => $owner, ContentType => 'text/plain',
      Content => "Hello,\n\n$t->[4]\n\nBest regards,\n$req->{name}" . (defined $req->{org} ? "\n$req->{org}" : ''),
      CustomFields => { Tags => \@tags, ($k % 9 == 4 ? () : (Severity => $sev)),
                        ($k % 13 == 6 ? () : ('Product Area' => $t->[1])) },
    );
    # due dates: some in the future, some already overdue (relative to seeding time)
    if ($k % 10 == 3) { $tk{Due} = ymdhms($now + 86400 * (1 + $k % 7)) }
    if ($k % 10 == 7 && $status ne 'resolved') { $tk{Due} = ymdhms($now - 3600 * (5 + $k % 60)) }
    if ($k % 12 == 5 && defined $req->{org}) {    # a colleague in Cc
      my ($col) = grep { ($_->{org} // '') eq $req->{org} && $_->{email} ne $req->{email} } @REQUESTORS;
      $tk{Cc} = $col->{email} if $col;
    }
    push @create, \%tk;
    push @plan, { k => $k, status => $status, owner => $owner, req => $req, tpl => $t };
  }
  # special tickets (indexes into @create)
  my ($K_CONV, $K_HTML, $K_ATT, $K_MULTI, $K_LONG) = (0, 4, 6, 8, 12);
  $create[$K_HTML]{ContentType} = 'text/html';
  $create[$K_HTML]{Content} = join "\n",
    '<html><body><p>Hello team,</p>',
    '<p>The dashboard is <b>very slow</b> every morning. What we see:</p>',
    '<ul><li>Revenue widget: <i>32 s</i></li><li>Orders widget: <i>18 s</i></li></ul>',
    '<table border="1"><tr><th>Time (CET)</th><th>Load</th></tr><tr><td>08:00</td><td>32 s</td></tr></table>',
    '<p>See <a href="https://status.example.test/incidents/42">our status page</a>.</p>',
    '<img src="x" onerror="alert(\'xss\')"><script>alert("xss")</script>',
    "<p>Regards,<br>$plan[$K_HTML]{req}{name}</p></body></html>";
  $create[$K_ATT]{Attachments} = [
    { FileName => 'export-error.log', FileType => 'text/plain',
      FileContent => encode_base64(join('', map { "2025-11-0${_}T10:1$_:00Z ERROR report.export: UnicodeEncodeError at row " . ($_ * 1000) . "\n" } 1 .. 5), '') },
    { FileName => 'screenshot.png', FileType => 'image/png',   # a 1x1 PNG
      FileContent => 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' },
  ];
  $create[$K_MULTI]{Requestor} = [ $plan[$K_MULTI]{req}{email}, 'pat.quinn@example.net' ];
  $create[$K_LONG]{Content} .= "\n\n-- full log --\n" . join('', map { sprintf "line %04d: import row %d rejected: invalid date '31.12.2025'\n", $_, $_ * 7 } 1 .. 400);
  # Escalations: a few tickets owned by robin
  my @esc_plan;
  for my $i (0 .. 4) {
    my $t = $TPL[(3 * $i + 1) % @TPL];
    my $req = $REQUESTORS[(5 * $i + 2) % @REQUESTORS];
    push @create, { Queue => 'Escalations', Subject => "[Escalated] $t->[0]", Requestor => $req->{email},
                    Priority => 100, Owner => 'robin', ContentType => 'text/plain',
                    Content => "Escalated from Support.\n\n$t->[4]",
                    CustomFields => { Severity => 'S1 - Critical', Tags => ['escalated', @{ $t->[3] }], 'Product Area' => $t->[1] } };
    push @esc_plan, $i;
  }
  my $t_bulk = time;
  my $res = rt('POST', '/tickets/bulk', \%RT_ROOT, \@create);
  my @ids = map { 0 + ($_->{id} // die "seed.pl: ticket create failed: " . ($_->{message} // $JSON->encode($_)) . "\n") } @$res;
  my @sup = @ids[0 .. $N - 1];
  my @esc = @ids[$N .. $#ids];
  $plan[$_]{id} = $sup[$_] for 0 .. $N - 1;
  say_ sprintf('%d tickets created with one POST /tickets/bulk (%.1f s)', scalar @ids, time - $t_bulk);
  my @phase = (last_txn_id());   # transaction-id boundaries of the seeding phases, for backdating

  # 5. conversations. Phase A: first agent reply (a reply on a "new" ticket opens it)
  my $first = sub { (split ' ', $_[0]{req}{name})[0] };
  my (@reply_agent, @reply_robin);
  for my $p (@plan) {
    next if $p->{status} eq 'new';
    next if $p->{status} eq 'open' && $p->{k} % 5 == 2;      # opened without a reply yet
    my $msg = { id => $p->{id}, ContentType => 'text/plain', Content => sprintf($REPLY1[$p->{k} % @REPLY1], $first->($p)) };
    push @{ $p->{owner} eq 'robin' ? \@reply_robin : \@reply_agent }, $msg;
    $p->{replied} = 1;
  }
  $plan[$K_CONV]{replied} or die;
  in_parallel((map { my $c = $_; sub { rt_bulk('POST', '/tickets/bulk/correspond', \%RT_AGENT, $c) } } chunks(2, @reply_agent)),
              sub { rt_bulk('POST', '/tickets/bulk/correspond', \%RT_ROBIN, \@reply_robin) });
  say_ sprintf('phase A: %d agent replies (%d by robin)', @reply_agent + @reply_robin, scalar @reply_robin);
  push @phase, last_txn_id();

  # Phase B: customers answer by e-mail (rt-mailgate), and one customer opens a ticket by e-mail
  my @cust = grep { $_->{replied} && ($_->{k} == $K_CONV || $_->{k} % 9 == 1) } @plan;
  in_parallel(map { my $c = $_; sub {
    for my $p (@$c) {
      mailgate('correspond', $p->{req}{name}, $p->{req}{email}, "Re: [caselink.test #$p->{id}] $create[$p->{k}]{Subject}",
               $CUSTOMER[$p->{k} % @CUSTOMER], "reply-$p->{id}\@customer.test");
    } } } chunks(3, @cust));
  $_->{customer_replied} = 1 for @cust;
  mailgate('correspond', 'Pat Quinn', 'pat.quinn@example.net', 'Cannot log in after password reset',
           "Hi,\n\nafter resetting my password the login page shows HTTP 500.\n\nPat", 'new-1@customer.test');
  my $mail_ticket = rt('GET', '/tickets?query=' . uri("Queue='Support' AND Subject='Cannot log in after password reset'"), \%RT_ROOT)->{items}[0]{id}
    or die "seed.pl: the ticket sent through rt-mailgate was not created (see rt-server.log)\n";
  say_ sprintf('phase B: %d customer replies + 1 new ticket (#%d) through rt-mailgate', scalar @cust, $mail_ticket);
  push @phase, last_txn_id();

  # Phase C: internal comments
  my @comments = map { { id => $_->{id}, ContentType => 'text/plain', Content => $COMMENT[$_->{k} % @COMMENT] } }
                 grep { $_->{k} == $K_CONV || ($_->{replied} && $_->{k} % 4 == 3) } @plan;
  rt_bulk_parallel('POST', '/tickets/bulk/comment', \%RT_AGENT, \@comments, 3);
  say_ sprintf('phase C: %d internal comments', scalar @comments);
  push @phase, last_txn_id();

  # Phase D: a second agent reply on tickets the customer answered, or that get resolved
  my @reply2 = map { { id => $_->{id}, ContentType => 'text/plain', Content => $REPLY2[$_->{k} % @REPLY2] } }
               grep { $_->{k} != $K_CONV && ($_->{customer_replied} || ($_->{status} eq 'resolved' && $_->{k} % 2 == 0)) } @plan;
  rt_bulk_parallel('POST', '/tickets/bulk/correspond', \%RT_AGENT, \@reply2, 3);
  say_ sprintf('phase D: %d follow-up replies', scalar @reply2);
  push @phase, last_txn_id();

  # Phase E: final statuses (and the conversation ticket's explicit status change)
  my @upd;
  for my $p (@plan) {
    my $want = $p->{k} == $K_CONV ? 'stalled' : $p->{status};
    next if $want eq 'new';
    next if $want eq 'open' && $p->{replied};   # the reply opened it already
    push @upd, { id => $p->{id}, Status => $want };
    $p->{status} = $want;
  }
  push @upd, map { { id => $_, Status => 'open' } } @esc;
  rt_bulk_parallel('PUT', '/tickets/bulk', \%RT_AGENT, \@upd, 3);
  say_ sprintf('phase E: %d status changes', scalar @upd);
  push @phase, last_txn_id();

  # 6. check what a real agent sees: TicketSQL counts (root sees totals) and the conversation
  my %count;
  for my $s (qw(new open stalled resolved)) {
    $count{$s} = rt('GET', '/tickets?per_page=1&query=' . uri("Queue='Support' AND Status='$s'"), \%RT_ROOT)->{total} + 0;
  }
  my $total = rt('GET', '/tickets?per_page=1&query=' . uri("Queue='Support'"), \%RT_ROOT)->{total} + 0;
  my $agent_page = rt('GET', '/tickets?per_page=100&query=' . uri("Queue='Support'"), \%RT_AGENT);
  die "seed.pl: the agent sees $agent_page->{count} tickets on page 1, expected 100\n" unless $agent_page->{count} == 100;
  my $owned = rt('GET', '/tickets?per_page=1&query=' . uri("Queue='Support' AND Owner='agent'"), \%RT_ROOT)->{total} + 0;
  my $unowned = rt('GET', '/tickets?per_page=1&query=' . uri("Queue='Support' AND Owner='Nobody'"), \%RT_ROOT)->{total} + 0;
  my $conv = $plan[$K_CONV]{id};
  my $hist = rt('GET', "/ticket/$conv/history?per_page=100&fields=Type,Creator", \%RT_AGENT);
  my %types; $types{ $_->{Type} }++ for @{ $hist->{items} };
  my $cust_txn = grep { $_->{Type} eq 'Correspond' && ($_->{Creator}{id} // '') eq $plan[$K_CONV]{req}{email} } @{ $hist->{items} };
  die "seed.pl: ticket $conv lacks the customer's reply (rt-mailgate rejected it? see rt-server.log)\n" unless $cust_txn;
  die "seed.pl: ticket $conv history incomplete: " . $JSON->encode(\%types) . "\n"
    unless $types{Create} && $types{Correspond} >= 2 && $types{Comment} && $types{Status};
  say_ sprintf('check: Support has %d tickets (new %d, open %d, stalled %d, resolved %d); agent page 1 count=%d total=%s',
               $total, @count{qw(new open stalled resolved)}, $agent_page->{count}, $agent_page->{total} // 'null');

  my @conversations = map { $_->{id} } grep { $_->{customer_replied} } @plan;
  my @overdue = map { $plan[$_]{id} } grep { $_ % 10 == 7 && $plan[$_]{status} ne 'resolved' } 0 .. $N - 1;
  %out = (%out,
    RT_QUEUE => 'Support', RT_QUEUE_ID => $q{Support},
    RT_ESCALATIONS_QUEUE => 'Escalations', RT_ESCALATIONS_QUEUE_ID => $q{Escalations},
    RT_CF_TAGS => $cf{Tags}, RT_CF_SEVERITY => $cf{Severity}, RT_CF_PRODUCT_AREA => $cf{'Product Area'},
    RT_CF_REDMINE_ISSUE => $cf{'Redmine Issue'},
    RT_SEVERITIES => [ 'S1 - Critical', 'S2 - Major', 'S3 - Minor', 'S4 - Cosmetic' ],
    RT_PRIORITY_NAMES => [ 'Low=0', 'Medium=50', 'High=80', 'Urgent=100' ],
    RT_ORGANIZATIONS => [ map { $_->[0] } @ORGS ],
    RT_REQUESTORS => [ map { $_->{email} } @REQUESTORS ],
    RT_TICKET_COUNT => $total, RT_TICKET_COUNT_NEW => $count{new}, RT_TICKET_COUNT_OPEN => $count{open},
    RT_TICKET_COUNT_STALLED => $count{stalled}, RT_TICKET_COUNT_RESOLVED => $count{resolved},
    RT_TICKET_COUNT_OWNED_BY_AGENT => $owned, RT_TICKET_COUNT_UNOWNED => $unowned,
    RT_TICKET_FIRST => $sup[0], RT_TICKET_LAST => $sup[-1],
    RT_TICKET_CONVERSATION => $conv, RT_TICKET_CONVERSATION_REQUESTOR => $plan[$K_CONV]{req}{email},
    RT_TICKET_HTML => $plan[$K_HTML]{id}, RT_TICKET_ATTACHMENT => $plan[$K_ATT]{id},
    RT_TICKET_MULTI_REQUESTOR => $plan[$K_MULTI]{id}, RT_TICKET_LONG => $plan[$K_LONG]{id},
    RT_TICKET_UNICODE => (map { $_->{id} } grep { $_->{tpl}[0] =~ /Zoë/ } @plan)[0],
    RT_TICKET_MAILGATE => $mail_ticket + 0,
    RT_TICKETS_WITH_CUSTOMER_REPLY => \@conversations,
    RT_TICKETS_OVERDUE => \@overdue,
    RT_TICKETS_ESCALATIONS => [ map { $_ + 0 } @esc ],
    RT_MBOX_DIR => '/var/lib/request-tracker5',
    _rt_phases => \@phase,
  );
  $out{$_} += 0 for grep { /^RT_TICKET_(?!CONVERSATION_REQUESTOR)/ && !ref $out{$_} } keys %out;
  write_json("$state/seed.json", \%out);
  say_ "RT seeded; ids in $state/seed.json";
}

# --------------------------------------------------------------------------------------------
# Redmine
# --------------------------------------------------------------------------------------------
sub seed_redmine {
  my $state = $E{REDMINE_STATE_DIR};
  my $S = read_json("$state/setup.json");
  my %ADMIN = ('X-Redmine-API-Key' => $S->{admin_api_key});
  my %BOT   = ('X-Redmine-API-Key' => $S->{bot_api_key});
  my %DANA  = ('X-Redmine-API-Key' => $S->{dana_api_key});
  my $rm = sub { my ($m, $p, $auth, $b) = @_; call($m, "$RM_CONNECT$p", $auth, $b) };
  my %tr = %{ $S->{trackers} }; my %st = %{ $S->{statuses} }; my %pr = %{ $S->{priorities} };
  my %cf = %{ $S->{custom_fields} }; my %role = %{ $S->{roles} };

  my $proj = $rm->('POST', '/projects.json', \%ADMIN, { project => {
    name => 'Lumio', identifier => 'lumio', description => 'Lumio: the product our customers use. Defects and product feedback.',
    is_public => JSON::PP::false, tracker_ids => [ @tr{ 'Bug', 'Feature', 'Product Feedback' } ],
    issue_custom_field_ids => [ @cf{qw(support_ticket support_tickets customer_impact component)} ],
    enabled_module_names => [qw(issue_tracking wiki)] } })->{project};
  $rm->('POST', '/projects/lumio/memberships.json', \%ADMIN, { membership => { user_id => $S->{bot_user_id}, role_ids => [ $role{'Support Engineer'} ] } });
  $rm->('POST', '/projects/lumio/memberships.json', \%ADMIN, { membership => { user_id => $S->{dana_user_id}, role_ids => [ @role{qw(Manager Developer)} ] } });
  my %cat;
  for my $c (qw(Billing Reports SSO API)) {
    $cat{$c} = $rm->('POST', '/projects/lumio/issue_categories.json', \%ADMIN,
                     { issue_category => { name => $c, assigned_to_id => $S->{dana_user_id} } })->{issue_category}{id};
  }
  say_ "project lumio (id $proj->{id}), support-bot = Support Engineer, dana = Manager+Developer, 4 categories";

  # [key, tracker, subject, category, priority, impact, component, assign to dana?, final status,
  #  journals [[who, notes, private?, status]], description]
  my @I = (
    ['csv_unicode', 'Bug', 'CSV export fails on non-ASCII customer names', 'Reports', 'High', 'High', 'report-engine', 1, 'In Progress',
     [['dana', 'Reproduced: the CSV writer ignores the encoding option.', 0, 'In Progress'], ['dana', 'Internal: the fix touches the shared writer; needs review by the data team.', 1, undef]]],
    ['invoice_dup', 'Bug', 'Invoice generator creates duplicates on gateway timeout', 'Billing', 'Urgent', 'Blocker', 'billing-service', 1, 'In Progress',
     [['bot', 'Confirmed by two customers this week.', 0, undef], ['dana', 'Confirmed in staging; assigning to billing team.', 0, 'In Progress'], ['bot', 'Internal: affects ~40 invoices/day.', 1, undef]]],
    ['retry_idem', 'Bug', 'Payment retry is not idempotent', 'Billing', 'High', 'High', 'billing-service', 1, 'New', []],
    ['sso_loop', 'Bug', 'SAML login loop after IdP certificate rotation', 'SSO', 'Immediate', 'Blocker', 'auth', 1, 'Resolved',
     [['dana', 'Root cause: we cached the old certificate fingerprint.', 0, 'In Progress'], ['dana', 'Fixed in 4.3.1.', 0, 'Resolved']]],
    ['rate_limit', 'Bug', 'Rate limiter counts requests per IP instead of per token', 'API', 'High', 'High', 'api-gateway', 1, 'Feedback',
     [['dana', 'Can a customer confirm whether they are behind a shared NAT?', 0, 'Feedback']]],
    ['dash_slow', 'Bug', 'Revenue widgets slow with more than 50k orders', 'Reports', 'Normal', 'Medium', 'dashboard', 0, 'New', []],
    ['dark_mode', 'Feature', 'Dark mode for the dashboard', 'Reports', 'Low', 'Low', 'dashboard', 0, 'New',
     [['bot', 'Requested by 3 more customers.', 0, undef]]],
    ['report_empty', 'Bug', 'Scheduled report e-mails have an empty PDF', 'Reports', 'High', 'High', 'report-engine', 1, 'Closed',
     [['dana', 'The PDF renderer timed out silently.', 0, 'In Progress'], ['dana', 'Fixed and deployed.', 0, 'Resolved'], ['bot', 'Customers confirmed, closing.', 0, undef], ['dana', 'Closing.', 0, 'Closed']]],
    ['second_idp', 'Feature', 'Support several SAML identity providers', 'SSO', 'Normal', 'Medium', 'auth', 0, 'New', []],
    ['webhook_retry', 'Bug', 'Webhooks retried forever after 410 Gone', 'API', 'Normal', 'Medium', 'webhooks', 1, 'In Progress',
     [['dana', 'We should stop on 410 and disable the endpoint.', 0, 'In Progress']]],
    ['vat_rate', 'Bug', 'Credit notes use the default VAT rate instead of the customer country', 'Billing', 'High', 'High', 'billing-service', 1, 'Resolved',
     [['dana', 'Fixed the lookup order.', 0, 'Resolved']]],
    ['mobile_logout', 'Bug', 'Mobile app update clears the session', undef, 'Normal', 'Medium', 'mobile', 0, 'New', []],
    ['push_delay', 'Bug', 'Android push notifications delayed by hours', undef, 'High', 'High', 'notifications', 1, 'Feedback',
     [['dana', 'Needs device logs from an affected customer.', 0, 'Feedback'], ['bot', 'Asked the customer for logs.', 0, undef]]],
    ['import_dates', 'Feature', 'Accept DD.MM.YYYY dates in CSV import', undef, 'Normal', 'Medium', 'import', 0, 'New', []],
    ['typo_footer', 'Bug', 'Typo in the invoice footer', 'Billing', 'Low', 'Low', 'billing-service', 0, 'Closed',
     [['dana', 'Fixed.', 0, 'Closed']]],
    ['totals_mismatch', 'Bug', 'Report totals differ from dashboard totals', 'Reports', 'High', 'High', 'report-engine', 1, 'In Progress',
     [['dana', 'Timezone boundary: the report uses UTC, the dashboard local time.', 0, 'In Progress']]],
    ['token_invalid', 'Bug', 'API tokens invalidated by the key rotation job', 'API', 'Immediate', 'Blocker', 'api-gateway', 1, 'Closed',
     [['dana', 'Incident: rotation job revoked active tokens.', 0, 'In Progress'], ['dana', 'Internal: postmortem in the wiki.', 1, undef], ['dana', 'Rolled back, closed.', 0, 'Closed']]],
    ['scim_dupes', 'Bug', 'SCIM provisioning creates a duplicate user on e-mail case change', 'SSO', 'Normal', 'Medium', 'auth', 0, 'New', []],
    ['spam', 'Bug', 'Notification e-mails land in spam (missing DKIM)', undef, 'Normal', 'Medium', 'notifications', 1, 'Rejected',
     [['dana', 'DKIM is set up correctly; this is the customer’s own mail filter.', 0, 'Rejected']]],
    ['pdf_export', 'Feature', 'Export the dashboard as PDF', 'Reports', 'Low', 'Low', 'dashboard', 0, 'New', []],
    ['import_limit', 'Bug', 'CSV import silently stops at 10,000 rows', undef, 'High', 'High', 'import', 1, 'In Progress',
     [['dana', 'Hard-coded batch limit.', 0, 'In Progress']]],
    ['safari_checkout', 'Bug', 'Checkout page blank in Safari 17', 'Billing', 'Immediate', 'Blocker', 'checkout', 1, 'Resolved',
     [['dana', 'Polyfill missing for Safari.', 0, 'In Progress'], ['dana', 'Deployed.', 0, 'Resolved']]],
    ['pagination', 'Bug', 'next link of /v2/orders returns the first page', 'API', 'High', 'High', 'api', 1, 'New', []],
    ['fb_reports', 'Product Feedback', 'Customers want scheduled reports in Excel format', 'Reports', 'Normal', 'Medium', 'report-engine', 0, 'New',
     [['bot', 'Collected from 4 support tickets.', 0, undef]]],
    ['fb_sso', 'Product Feedback', 'SSO setup is hard to understand', 'SSO', 'Normal', 'Low', 'auth', 0, 'New', []],
    ['fb_api_docs', 'Product Feedback', 'API docs lack pagination examples', 'API', 'Low', 'Low', 'docs', 0, 'Feedback',
     [['dana', 'Which endpoints are most confusing?', 0, 'Feedback']]],
    ['fb_billing', 'Product Feedback', 'Let customers change the invoice currency themselves', 'Billing', 'Normal', 'Medium', 'billing-service', 0, 'New', []],
    ['attachment_crash', 'Bug', 'iOS app crashes opening PDF attachments', undef, 'High', 'High', 'mobile', 1, 'New', []],
  );
  my (%id, %auth);
  %auth = (bot => \%BOT, dana => \%DANA);
  for my $i (@I) {
    my ($key, $tracker, $subject, $cat, $prio, $impact, $comp, $assign) = @$i;
    my $desc = $i->[10] // "$subject.\n\nReported through support; see the linked tickets.";
    my $issue = $rm->('POST', '/issues.json', \%BOT, { issue => {
      project_id => 'lumio', tracker_id => $tr{$tracker}, subject => $subject, description => $desc,
      priority_id => $pr{$prio}, ($cat ? (category_id => $cat{$cat}) : ()),
      ($assign ? (assigned_to_id => $S->{dana_user_id}) : ()),
      custom_fields => [ { id => $cf{customer_impact}, value => $impact }, { id => $cf{component}, value => $comp } ] } })->{issue};
    $id{$key} = $issue->{id};
  }
  say_ scalar(@I) . ' issues created by support-bot';
  # relations (Redmine normalises "blocked" etc. to the forward type)
  my @rel = (['retry_idem', 'invoice_dup', 'blocks'], ['csv_unicode', 'report_empty', 'relates'],
             ['spam', 'push_delay', 'relates'], ['scim_dupes', 'second_idp', 'relates'],
             ['fb_reports', 'pdf_export', 'relates'], ['token_invalid', 'rate_limit', 'precedes'],
             ['attachment_crash', 'mobile_logout', 'duplicates'], ['totals_mismatch', 'dash_slow', 'relates']);
  for my $r (@rel) {
    $rm->('POST', "/issues/$id{$r->[0]}/relations.json", \%BOT, { relation => { issue_to_id => $id{ $r->[1] }, relation_type => $r->[2] } });
  }
  # journals: notes, private notes, status changes (each PUT is one journal)
  my $nj = 0;
  for my $i (@I) {
    for my $j (@{ $i->[9] }) {
      my ($who, $notes, $private, $status) = @$j;
      $rm->('PUT', "/issues/$id{$i->[0]}.json", $auth{$who}, { issue => { notes => $notes,
        ($private ? (private_notes => JSON::PP::true) : ()), ($status ? (status_id => $st{$status}) : ()) } });
      $nj++;
    }
  }
  say_ sprintf('%d relations, %d journals (notes, private notes, status changes)', scalar @rel, $nj);

  # checks, as support-bot sees them
  my $all = $rm->('GET', '/issues.json?project_id=lumio&status_id=*&limit=1', \%BOT)->{total_count};
  my $open = $rm->('GET', '/issues.json?project_id=lumio&status_id=open&limit=1', \%BOT)->{total_count};
  my $inv = $rm->('GET', "/issues/$id{invoice_dup}.json?include=journals,relations", \%BOT)->{issue};
  my $priv = grep { $_->{private_notes} } @{ $inv->{journals} };
  die "seed.pl: support-bot sees $all issues, expected " . scalar(@I) . "\n" unless $all == @I;
  die "seed.pl: issue $id{invoice_dup} lacks journals/relations/private notes\n"
    unless @{ $inv->{journals} } >= 3 && @{ $inv->{relations} } && $priv;
  for my $i (@I) {
    my $got = $rm->('GET', "/issues/$id{$i->[0]}.json", \%ADMIN)->{issue}{status}{name};
    die "seed.pl: issue $id{$i->[0]} is '$got', expected '$i->[8]' (workflow?)\n" unless $got eq $i->[8];
  }
  say_ "check: support-bot sees $all issues ($open open); issue $id{invoice_dup} has " . scalar(@{ $inv->{journals} }) . ' journals';

  my %out = (
    REDMINE_ADMIN_KEY => $S->{admin_api_key}, REDMINE_ADMIN_USER_ID => $S->{admin_id} + 0,
    REDMINE_API_KEY => $S->{bot_api_key}, REDMINE_USER => 'support-bot', REDMINE_USER_ID => $S->{bot_user_id} + 0,
    REDMINE_DEV_API_KEY => $S->{dana_api_key}, REDMINE_DEV_USER => 'dana', REDMINE_DEV_USER_ID => $S->{dana_user_id} + 0,
    REDMINE_PROJECT => 'lumio', REDMINE_PROJECT_ID => $proj->{id} + 0, REDMINE_PROJECT_NAME => 'Lumio',
    REDMINE_ROLE_SUPPORT => $role{'Support Engineer'} + 0,
    REDMINE_TRACKER_BUG => $tr{Bug} + 0, REDMINE_TRACKER_FEATURE => $tr{Feature} + 0,
    REDMINE_TRACKER_FEEDBACK => $tr{'Product Feedback'} + 0,
    REDMINE_CF_SUPPORT_TICKET => $cf{support_ticket} + 0, REDMINE_CF_SUPPORT_TICKETS => $cf{support_tickets} + 0,
    REDMINE_CF_CUSTOMER_IMPACT => $cf{customer_impact} + 0, REDMINE_CF_COMPONENT => $cf{component} + 0,
    (map { ("REDMINE_CATEGORY_" . uc($_) => $cat{$_} + 0) } keys %cat),
    REDMINE_ISSUE_COUNT => $all + 0, REDMINE_ISSUE_COUNT_OPEN => $open + 0,
    REDMINE_ISSUE_JOURNALS => $id{invoice_dup} + 0, REDMINE_ISSUE_CLOSED => $id{report_empty} + 0,
    REDMINE_ISSUE_BLOCKED => $id{invoice_dup} + 0, REDMINE_ISSUE_BLOCKING => $id{retry_idem} + 0,
    REDMINE_ISSUE_FEEDBACK => $id{fb_reports} + 0, REDMINE_ISSUE_UNASSIGNED => $id{dash_slow} + 0,
    _redmine_issue_ids => \%id,
    _redmine_multiple_probe => $S->{multiple_probe},
  );
  write_json("$state/seed.json", \%out);
  say_ "Redmine seeded; ids in $state/seed.json";
}

# --------------------------------------------------------------------------------------------
# Cross-links (what the extension does when it links a ticket and a defect)
# --------------------------------------------------------------------------------------------
sub link_all {
  my $R = read_json("$E{RT_STATE_DIR}/seed.json");
  my $M = read_json("$E{REDMINE_STATE_DIR}/seed.json");
  %RT_AGENT = (Authorization => "token $R->{RT_TOKEN}");
  my %BOT = ('X-Redmine-API-Key' => $M->{REDMINE_API_KEY});
  my $rm = sub { my ($m, $p, $auth, $b) = @_; call($m, "$RM_CONNECT$p", $auth, $b) };
  my %iid = %{ $M->{_redmine_issue_ids} };
  my $first = $R->{RT_TICKET_FIRST};
  # RT ticket k (0-based Support index) -> Redmine issue keys. Ticket 1 (the conversation) refers to
  # two issues; "report_empty" is reported by three tickets.
  my @plan = ([0, ['csv_unicode', 'report_empty']], [1, ['invoice_dup']], [2, ['sso_loop']],
              [6, ['report_empty']], [32, ['report_empty']], [3, ['rate_limit']], [20, ['safari_checkout']]);
  my (%issue_tickets, @rt_updates, @rt_comments, @pairs);
  for my $p (@plan) {
    my $t = $first + $p->[0];
    my @issues = map { $iid{$_} } @{ $p->[1] };
    push @{ $issue_tickets{$_} }, $t for @issues;
    push @pairs, map { { ticket => $t, issue => $_ + 0 } } @issues;
    push @rt_updates, { id => $t, AddRefersTo => [ map { "$E{REDMINE_URL}/issues/$_" } @issues ],
                        CustomFields => { 'Redmine Issue' => [ map { "$_" } @issues ] } };
    push @rt_comments, { id => $t, ContentType => 'text/plain',
                         Content => 'Linked to Redmine ' . join(', ', map { "#$_ $E{REDMINE_URL}/issues/$_" } @issues) };
  }
  # The extension's "file a defect from this ticket" flow: a new Bug with the ticket as its back-link.
  my $src = $first + 14;   # "Report totals differ from the dashboard"
  my $tj = rt('GET', "/ticket/$src", \%RT_AGENT);
  my ($sev) = map { $_->{values}[0] } grep { $_->{name} eq 'Severity' } @{ $tj->{CustomFields} };
  my $msg = rt('GET', "/ticket/$src/attachments?per_page=1&fields=Content,ContentType", \%RT_AGENT)->{items}[0]{Content};
  my $impact = !$sev ? 'Medium' : $sev =~ /^S1/ ? 'Blocker' : $sev =~ /^S2/ ? 'High' : $sev =~ /^S3/ ? 'Medium' : 'Low';
  (my $quoted = $msg) =~ s/^/> /mg;
  my $new = $rm->('POST', '/issues.json', \%BOT, { issue => {
    project_id => 'lumio', tracker_id => $M->{REDMINE_TRACKER_BUG}, subject => "[support] $tj->{Subject}",
    description => "Reported by $tj->{Requestor}[0]{id} in RT ticket #$src: $E{RT_URL}/Ticket/Display.html?id=$src\n\n$quoted",
    category_id => $M->{REDMINE_CATEGORY_REPORTS},
    custom_fields => [ { id => $M->{REDMINE_CF_SUPPORT_TICKET}, value => "$src" }, { id => $M->{REDMINE_CF_SUPPORT_TICKETS}, value => "$src" },
                       { id => $M->{REDMINE_CF_CUSTOMER_IMPACT}, value => $impact }, { id => $M->{REDMINE_CF_COMPONENT}, value => 'report-engine' } ] } })->{issue}{id};
  # The two Redmine limitations, tried for real on the new issue: several values in the link CF and in
  # the string CF. Both are refused (422); the PUT afterwards makes sure the values are right anyway.
  my %limit;
  for my $c ([support_ticket => $M->{REDMINE_CF_SUPPORT_TICKET}], [support_tickets => $M->{REDMINE_CF_SUPPORT_TICKETS}]) {
    my $r = $http->request('PUT', "$RM_CONNECT/issues/$new.json", { headers => { %BOT, 'Content-Type' => 'application/json' },
      content => $JSON->encode({ issue => { custom_fields => [ { id => $c->[1], value => [ "$src", "$first" ] } ] } }) });
    $limit{ $c->[0] } = "$r->{status} " . ($r->{content} // '');
  }
  $rm->('PUT', "/issues/$new.json", \%BOT, { issue => { custom_fields => [
    { id => $M->{REDMINE_CF_SUPPORT_TICKET}, value => "$src" }, { id => $M->{REDMINE_CF_SUPPORT_TICKETS}, value => "$src" } ] } });
  push @pairs, { ticket => $src, issue => $new + 0 };
  push @rt_updates, { id => $src, AddRefersTo => ["$E{REDMINE_URL}/issues/$new"], CustomFields => { 'Redmine Issue' => ["$new"] } };
  push @rt_comments, { id => $src, ContentType => 'text/plain', Content => "Filed defect $E{REDMINE_URL}/issues/$new" };

  rt_bulk('PUT', '/tickets/bulk', \%RT_AGENT, \@rt_updates);
  rt_bulk('POST', '/tickets/bulk/comment', \%RT_AGENT, \@rt_comments);
  for my $issue (sort { $a <=> $b } keys %issue_tickets) {
    my @t = sort { $a <=> $b } @{ $issue_tickets{$issue} };
    $rm->('PUT', "/issues/$issue.json", \%BOT, { issue => {
      notes => 'Reported in RT ' . join(', ', map { "#$_ ($E{RT_URL}/Ticket/Display.html?id=$_)" } @t),
      custom_fields => [ { id => $M->{REDMINE_CF_SUPPORT_TICKET}, value => "$t[0]" },
                         { id => $M->{REDMINE_CF_SUPPORT_TICKETS}, value => join(', ', @t) } ] } });
  }
  # read back both ways
  my $linked = rt('GET', '/tickets?per_page=100&query=' . uri("CF.{Redmine Issue} IS NOT NULL"), \%RT_AGENT)->{count};
  my $multi = $iid{report_empty};
  my $back = $rm->('GET', "/issues.json?project_id=lumio&status_id=*&cf_$M->{REDMINE_CF_SUPPORT_TICKETS}=~" . uri($first + 32), \%BOT)->{total_count};
  my $refs = grep { ($_->{ref} // '') eq 'refers-to' && ($_->{type} // '') eq 'external' } @{ rt('GET', "/ticket/$first", \%RT_AGENT)->{_hyperlinks} };
  die "seed.pl: link check failed (RT tickets with Redmine Issue: $linked, refers-to on #$first: $refs, Redmine back-links: $back)\n"
    unless $linked == @rt_updates && $refs == 2 && $back >= 1;
  say_ sprintf('%d RT tickets <-> %d Redmine issues (%d pairs); new issue #%d filed from ticket #%d; issue #%d has 3 tickets',
               scalar @rt_updates, scalar(keys %issue_tickets) + 1, scalar @pairs, $new, $src, $multi);
  say_ "limitation check: several values in link CF 'Support Ticket' -> $limit{support_ticket}";
  say_ "limitation check: several values in string CF 'Support Tickets' -> $limit{support_tickets}";
  my %tick; $tick{ $_->{ticket} } = 1 for @pairs;
  my %iss;  $iss{ $_->{issue} } = 1 for @pairs;
  write_json("$E{STATE_DIR}/link.json", {
    LINKS => \@pairs, RT_TICKETS_LINKED => [ sort { $a <=> $b } map { $_ + 0 } keys %tick ],
    REDMINE_ISSUES_LINKED => [ sort { $a <=> $b } map { $_ + 0 } keys %iss ],
    RT_TICKET_LINKED_TWICE => $first + 0, REDMINE_ISSUE_MULTI_TICKET => $multi + 0,
    REDMINE_ISSUE_FROM_TICKET => $new + 0, RT_TICKET_DEFECT_FILED => $src + 0,
    # the issue filed from a ticket is one more (open) issue than seed.pl redmine counted
    REDMINE_ISSUE_COUNT => $M->{REDMINE_ISSUE_COUNT} + 1, REDMINE_ISSUE_COUNT_OPEN => $M->{REDMINE_ISSUE_COUNT_OPEN} + 1,
    _redmine_limitations => \%limit,
  });
}

# --------------------------------------------------------------------------------------------
# Backdating: REST cannot set creation times, so spread them over the last ~7 weeks in SQL.
# Per ticket/issue: created = now - age; its later transactions/journals are spread between
# created and now - recent, keeping their order. Due dates stay relative to the seeding time.
# --------------------------------------------------------------------------------------------
sub parse_ts { my ($y, $mo, $d, $h, $mi, $s) = $_[0] =~ /^(\d+)-(\d+)-(\d+)[ T](\d+):(\d+):(\d+)/ or return undef; timegm($s, $mi, $h, $d, $mo - 1, $y) }
sub backdate {
  require DBI;
  my $R = read_json("$E{RT_STATE_DIR}/seed.json");
  my $now = int time;
  my @phase = @{ $R->{_rt_phases} };
  my $phase_of = sub { my $id = shift; my $p = 0; $p++ while $p < @phase && $id > $phase[$p]; $p };   # 0 = create ... 6 = link
  my $db = DBI->connect("dbi:SQLite:dbname=$E{RT_DB}", '', '', { RaiseError => 1, AutoCommit => 0, sqlite_use_immediate_transaction => 1 });
  # Authorship: REST2 created the tickets as root. Make them look like real ones: most were
  # written in by the requestor, every 7th was phoned in and entered by the agent.
  my ($root) = $db->selectrow_array("SELECT id FROM Users WHERE Name = 'root'");
  my ($agent) = $db->selectrow_array("SELECT id FROM Users WHERE Name = 'agent'");
  my $by_root = $db->selectall_arrayref("SELECT t.id, (SELECT MIN(gm.MemberId) FROM Groups g JOIN GroupMembers gm ON gm.GroupId = g.id
      WHERE g.Domain = 'RT::Ticket-Role' AND g.Name = 'Requestor' AND g.Instance = t.id) FROM Tickets t WHERE t.Creator = ?", undef, $root);
  for (@$by_root) {
    my ($t, $req) = @$_;
    my $who = ($t % 7 == 3 || !$req) ? $agent : $req;
    $db->do('UPDATE Tickets SET Creator = ? WHERE id = ?', undef, $who, $t);
    $db->do("UPDATE Attachments SET Creator = ? WHERE TransactionId IN
             (SELECT id FROM Transactions WHERE ObjectType = 'RT::Ticket' AND ObjectId = ? AND Creator = ?)", undef, $who, $t, $root);
    $db->do("UPDATE Transactions SET Creator = ? WHERE ObjectType = 'RT::Ticket' AND ObjectId = ? AND Creator = ?", undef, $who, $t, $root);
  }
  say_ 'RT: ' . scalar(@$by_root) . ' tickets re-attributed from root to their requestor (every 7th to the agent)';
  my $tickets = $db->selectall_arrayref('SELECT id FROM Tickets ORDER BY id');
  my $txq = $db->prepare("SELECT id, Created FROM Transactions WHERE ObjectType = 'RT::Ticket' AND ObjectId = ? ORDER BY id");
  my $up_tx = $db->prepare('UPDATE Transactions SET Created = ? WHERE id = ?');
  my $up_att = $db->prepare('UPDATE Attachments SET Created = ? WHERE TransactionId = ?');
  my $tk = $db->prepare('SELECT Created, Started, Resolved, Told FROM Tickets WHERE id = ?');
  my $up_tk = $db->prepare('UPDATE Tickets SET Created = ?, LastUpdated = ?, Started = ?, Resolved = ?, Told = ? WHERE id = ?');
  my $n = @$tickets;
  for my $row (@$tickets) {
    my $t = $row->[0];
    my $age = 60 * (($n - $t) * 520 + ($t * 37) % 400 + 30);             # minutes -> seconds; oldest ~7 weeks
    my $recent = 60 * (5 + ($t * 97) % (4 * 24 * 60));                      # last activity up to 4 days ago
    $recent = int($age / 3) if $recent > $age / 2;
    my $created = $now - $age;
    $txq->execute($t);
    my $txns = $txq->fetchall_arrayref;
    my %phases; $phases{ $phase_of->($_->[0]) } = 1 for @$txns;
    my @ph = sort { $a <=> $b } keys %phases;
    my %rank; @rank{@ph} = 0 .. $#ph;
    my (%first_orig, %map, $last);
    for my $x (@$txns) {
      my ($id, $orig) = ($x->[0], parse_ts($x->[1]));
      my $p = $phase_of->($id);
      $first_orig{$p} //= $orig;
      my $base = $created + ($#ph ? int(($age - $recent) * $rank{$p} / $#ph) : 0);
      my $new = $base + ($orig - $first_orig{$p});                     # keep seconds within a phase
      $new = $now - 60 if $new > $now - 60;
      $map{$orig} //= $new;
      $up_tx->execute(ymdhms($new), $id); $up_att->execute(ymdhms($new), $id);
      $last = $new if !defined $last || $new > $last;
    }
    $tk->execute($t);
    my @f = $tk->fetchrow_array;
    $tk->finish;
    # Started/Resolved/Told: the new time of the latest transaction at or before the old value
    my @origs = sort { $a <=> $b } keys %map;
    my $shift = sub { my $v = parse_ts($_[0] // '') or return $_[0]; my ($o) = grep { $_ <= $v } reverse @origs; defined $o ? ymdhms($map{$o}) : $_[0] };
    $up_tk->execute(ymdhms($created), ymdhms($last // $created), $shift->($f[1]), $shift->($f[2]), $shift->($f[3]), $t);
  }
  $db->commit; $db->disconnect;
  say_ "RT: $n tickets backdated over " . int((($n - 1) * 520 + 430) / 1440) . ' days';

  my $rdb = DBI->connect("dbi:SQLite:dbname=$E{REDMINE_DB}", '', '', { RaiseError => 1, AutoCommit => 0, sqlite_use_immediate_transaction => 1 });
  my $issues = $rdb->selectall_arrayref('SELECT id, closed_on FROM issues ORDER BY id');
  my $jq = $rdb->prepare("SELECT j.id, (SELECT COUNT(*) FROM journal_details d WHERE d.journal_id = j.id AND d.property = 'attr' AND d.prop_key = 'status_id'
                            AND d.value IN (SELECT CAST(id AS TEXT) FROM issue_statuses WHERE is_closed = 1))
                          FROM journals j WHERE j.journalized_type = 'Issue' AND j.journalized_id = ? ORDER BY j.id");
  my $up_j = $rdb->prepare('UPDATE journals SET created_on = ? WHERE id = ?');
  my $up_i = $rdb->prepare('UPDATE issues SET created_on = ?, updated_on = ?, closed_on = ?, start_date = ? WHERE id = ?');
  my $m = @$issues;
  for my $row (@$issues) {
    my ($i, $closed_on) = @$row;
    my $age = 60 * (($m - $i) * 1400 + ($i * 53) % 600 + 60);
    my $recent = 60 * (10 + ($i * 89) % (5 * 24 * 60));
    $recent = int($age / 3) if $recent > $age / 2;
    my $created = $now - $age;
    $jq->execute($i);
    my $js = $jq->fetchall_arrayref;
    my ($last, $closed) = ($created);
    for my $k (0 .. $#$js) {
      my $t = $created + int(($age - $recent) * ($k + 1) / @$js);
      $up_j->execute(ymdhms($t), $js->[$k][0]);
      $closed = $t if $js->[$k][1];
      $last = $t;
    }
    $closed = $last if $closed_on && !$closed;
    $up_i->execute(ymdhms($created), ymdhms($last), ($closed_on ? ymdhms($closed) : undef),
                   strftime('%Y-%m-%d', gmtime $created), $i);
  }
  $rdb->commit; $rdb->disconnect;
  say_ "Redmine: $m issues backdated over " . int((($m - 1) * 1400 + 660) / 1440) . ' days';
}

# --------------------------------------------------------------------------------------------
# servers.json + servers.env
# --------------------------------------------------------------------------------------------
sub write_env {
  my $R = read_json("$E{RT_STATE_DIR}/seed.json");
  my $M = read_json("$E{REDMINE_STATE_DIR}/seed.json");
  my $L = read_json("$E{STATE_DIR}/link.json");
  my %all = (
    CASELINK_SERVERS_VERSION => 1,
    SEEDED_AT => strftime('%Y-%m-%dT%H:%M:%SZ', gmtime),
    STATE_DIR => $E{STATE_DIR},
    RT_URL => $E{RT_URL}, RT_API_URL => "$E{RT_URL}/REST/2.0", RT_ROOT_USER => 'root', RT_ROOT_PASSWORD => $E{RT_ROOT_PASSWORD},
    RT_AGENT_USER => $E{RT_AGENT_USER}, RT_AGENT_PASSWORD => $E{RT_AGENT_PASSWORD},
    RT_AGENT2_USER => 'robin', RT_AGENT2_PASSWORD => $E{RT_AGENT_PASSWORD},
    RT_STATE_DIR => $E{RT_STATE_DIR},
    REDMINE_URL => $E{REDMINE_URL}, REDMINE_ADMIN_USER => 'admin', REDMINE_ADMIN_PASSWORD => $ENV{REDMINE_ADMIN_PASSWORD},
    REDMINE_PASSWORD => 'support-bot-pass', REDMINE_STATE_DIR => $E{REDMINE_STATE_DIR},
    (map { $_ => $R->{$_} } grep { !/^_/ } keys %$R),
    (map { $_ => $M->{$_} } grep { !/^_/ } keys %$M),
    (map { $_ => $L->{$_} } grep { !/^_/ } keys %$L),
  );
  my $out = $ENV{ENV_OUT_DIR} || $E{STATE_DIR};   # up.sh: the snapshot dir, published once both servers are up
  write_json("$out/servers.json", \%all);
  open my $fh, '>:encoding(UTF-8)', "$out/servers.env.tmp" or die "seed.pl: servers.env: $!\n";
  print $fh "# Written by scripts/servers/up.sh; the same data as servers.json. Lists are comma-separated,\n",
            "# LINKS is TICKET:ISSUE pairs. Source it: set -a; . .vscode-test/servers/servers.env; set +a\n";
  for my $k (sort keys %all) {
    my $v = $all{$k};
    $v = join(',', map { ref $_ eq 'HASH' ? "$_->{ticket}:$_->{issue}" : $_ } @$v) if ref $v eq 'ARRAY';
    $v //= '';
    (my $q = $v) =~ s/'/'\\''/g;
    print $fh "$k='$q'\n";
  }
  close $fh; rename "$out/servers.env.tmp", "$out/servers.env"; chmod 0644, "$out/servers.env";
  say_ "wrote $out/servers.json and servers.env (" . scalar(keys %all) . ' keys)';
}

my $mode = shift // '';
if    ($mode eq 'rt')       { seed_rt() }
elsif ($mode eq 'redmine')  { seed_redmine() }
elsif ($mode eq 'link')     { link_all() }
elsif ($mode eq 'history')  { backdate() }
elsif ($mode eq 'env')      { write_env() }
else  { die "usage: seed.pl rt|redmine|link|history|env (run by scripts/servers/up.sh)\n" }
