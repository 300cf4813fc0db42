import { listApiKeys, listJurisdictionSettings, listOfficials, listProcedureVersions, listUnits } from '../../db/repos/administration.js';
import { listClosures } from '../../db/repos/calendars.js';
import type { Db } from '../../db/types.js';
import type { AdminData } from '../../views/admin.js';

/** Everything the administration page lists: jurisdictions, recorded days, units, officials, API keys, procedures. */
export async function adminData(db: Db): Promise<AdminData> {
  const [jurisdictions, units, officials, keys, procedures, closures] = await Promise.all([
    listJurisdictionSettings(db),
    listUnits(db),
    listOfficials(db),
    listApiKeys(db),
    listProcedureVersions(db),
    listClosures(db),
  ]);
  return { jurisdictions, units, officials, keys, procedures, closures };
}
