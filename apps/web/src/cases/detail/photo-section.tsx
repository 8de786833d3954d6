import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { photoKinds, type PhotoKind, type PhotoRef } from '@tiaojie/domain';
import { useLocalStore } from '../../app/store-context.tsx';
import { SelectField } from '../../components/fields.tsx';
import { showToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/index.ts';
import { compressImage } from '../../photos/compress-image.ts';
import { optionsOf } from '../code-options.ts';
import { saveErrorText } from '../save-error.ts';

/** Photos of the signed agreement or the scene, taken with the phone's camera and shrunk before storing. */
export function PhotoSection({ caseId, photos }: { caseId: string; photos: PhotoRef[] }) {
  const { t, locale } = useT();
  const store = useLocalStore();
  const inputId = useId();
  const [kind, setKind] = useState<string>('scene');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      const blob = await compressImage(file);
      await store.addPhoto(caseId, { blob, kind: kind as PhotoKind, takenAt: new Date(file.lastModified || Date.now()).toISOString() });
      showToast(t('case.savedLocally'));
    } catch (err) {
      setFailure(saveErrorText(err, locale));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      {photos.length > 0 ? (
        <div className="photos">
          {photos.map((p) => (
            <PhotoThumb key={p.sha256} photo={p} />
          ))}
        </div>
      ) : (
        <p className="empty">{t('photos.none')}</p>
      )}
      <SelectField label={t('photos.kind')} value={kind} options={optionsOf(photoKinds, locale)} onChange={setKind} />
      <label htmlFor={inputId} className="btn btn--block" aria-disabled={busy}>
        {busy ? t('photos.processing') : t('photos.take')}
      </label>
      <input id={inputId} className="visually-hidden" type="file" accept="image/*" capture="environment" onChange={(e) => void onFile(e)} disabled={busy} data-testid="photo-input" />
      {failure ? <p className="notice notice--danger" role="alert">{failure}</p> : null}
    </div>
  );
}

function PhotoThumb({ photo }: { photo: PhotoRef }) {
  const { locale } = useT();
  const store = useLocalStore();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let alive = true;
    void store.getPhotoBlob(photo.sha256).then((blob) => {
      if (!alive) return;
      // Photos already uploaded and dropped from the phone are served by the server to signed-in users.
      objectUrl = blob ? URL.createObjectURL(blob) : null;
      setUrl(objectUrl);
    });
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [store, photo.sha256]);
  const label = photoKinds.label(photo.kind, locale);
  return url ? <img src={url} alt={label} /> : <div className="photos__missing" role="img" aria-label={label} style={{ aspectRatio: '1', background: '#ddd', borderRadius: 6 }} />;
}
