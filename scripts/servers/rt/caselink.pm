# Caselink connector tests: a local, loopback-only Request Tracker. Installed by
# scripts/servers/up.sh as /etc/request-tracker5/RT_SiteConfig.d/99-caselink.pm
# (@RT_PORT@ is replaced with the port).
Set($WebDomain, '127.0.0.1');
Set($WebPort, @RT_PORT@);
Set($WebPath, '');
Set($WebBaseURL, 'http://127.0.0.1:@RT_PORT@');
Set($CanonicalizeRedirectURLs, 0);
Set($RestrictReferrer, 0);
# Subject tag "[caselink.test #12]" in outgoing mail and the one rt-mailgate matches on replies.
Set($rtname, 'caselink.test');
Set($Organization, 'caselink.test');
Set($CorrespondAddress, 'support@caselink.test');
Set($CommentAddress, 'support-comment@caselink.test');
# Never send mail: each rt-server worker appends outgoing mail to an mbox file in
# /var/lib/request-tracker5, so tests can look at auto-replies.
Set($MailCommand, 'mbox');
# Test-only: cheap bcrypt. At the default cost (12) every token or basic-auth REST2 request spends
# ~200 ms verifying the hash. The cost is stored in each hash, so this must be in place before
# the database (root password), users and tokens are created.
Set($BcryptCost, 4);
# Four named priorities (RT 5 shows the names, REST2 returns the numbers).
Set(%PriorityAsString, Default => [ Low => 0, Medium => 50, High => 80, Urgent => 100 ]);
Set($Timezone, 'UTC');
# RT 5's default (1): ticket searches apply ACLs in SQL, so REST2 gives non-superusers "total" on
# /tickets. Other collections (history, attachments, users) still say total:null for them.
# RT_SQL_ACL_CHECKS=0 (old RT 4 behaviour) makes /tickets say total:null too.
Set($UseSQLForACLChecks, @RT_SQL_ACL_CHECKS@);
# Log to rt-server's stderr (the state dir's rt-server.log) instead of syslog.
Set($LogToSyslog, undef);
Set($LogToSTDERR, 'warning');
1;
