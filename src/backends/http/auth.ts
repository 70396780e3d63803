import { CaselinkError } from '../../core/errors';
import { secretEnvVar, type ConnectionInfo } from '../../core/model/connection';

/** The error for a connection nobody has signed in to yet. */
export function missingSecret(info: ConnectionInfo, what: string): CaselinkError {
  return new CaselinkError('auth', `${info.label} needs a ${what}. Run "Caselink: Sign In to Connection…" and choose "${info.id}", or set ${secretEnvVar(info.id)} in the environment.`);
}
