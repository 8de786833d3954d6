import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { inSubtree } from '../org/index.js';

export interface PhotoReader {
  id: string;
  nodePath: string;
}

/**
 * A verified photo is readable by each account that uploaded it (and proved so: its bytes matched the hash), by
 * anyone whose subtree holds such an uploader's node (the levels above see what their grids recorded), and by
 * anyone with a case in scope that references it (a case reassigned to another grid keeps its photos). A case may
 * only reference a photo its author could already read or is uploading (`mayReferencePhoto`), so knowing a hash
 * opens nothing. Anyone else gets the same 404 as for a missing photo.
 */
export async function isPhotoReadableBy(db: Kysely<Database>, sha: string, reader: PhotoReader): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(sha)) return false;
  const byUploader = await db
    .selectFrom('photo_uploads as pu')
    .innerJoin('users as u', 'u.id', 'pu.user_id')
    .innerJoin('org_nodes as n', 'n.id', 'u.node_id')
    .select('pu.sha256')
    .where('pu.sha256', '=', sha)
    .where('pu.complete', '=', 1)
    .where((eb) => eb.or([eb('pu.user_id', '=', reader.id), inSubtree('n.path', reader.nodePath)]))
    .limit(1)
    .executeTakeFirst();
  if (byUploader) return true;
  // The sha is plain hex (checked above), so it is safe inside a LIKE pattern; scope first, then the scan.
  const inCase = await db
    .selectFrom('cases')
    .select('id')
    .where(inSubtree('scope_path', reader.nodePath))
    .where('deleted', '=', 0)
    .where('doc', 'like', `%"sha256":"${sha}"%`)
    .limit(1)
    .executeTakeFirst();
  return inCase !== undefined;
}

/**
 * Whether an account may add a reference to this photo to a case: it uploads (or uploaded) the photo itself —
 * the phone uploads a photo before pushing the edit that names it — or it can already read it.
 */
export async function mayReferencePhoto(db: Kysely<Database>, sha: string, reader: PhotoReader): Promise<boolean> {
  const own = await db.selectFrom('photo_uploads').select('sha256').where('sha256', '=', sha).where('user_id', '=', reader.id).executeTakeFirst();
  return own !== undefined || isPhotoReadableBy(db, sha, reader);
}
