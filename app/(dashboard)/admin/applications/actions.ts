'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { CHECK_FIELDS_MESSAGE } from '@/lib/actions/form-state';
import { adminAction } from '@/lib/actions/safe-action';
import { applicationFromFields, ZApplicationFormFields } from '@/lib/applications/application-form';
import { createApplication } from '@/lib/applications/create-application';
import { deleteApplication } from '@/lib/applications/delete-application';
import { moveApplication } from '@/lib/applications/move-application';
import { updateApplication } from '@/lib/applications/update-application';
import { validateApplicationForm } from '@/lib/applications/validate-application-form';
import { getDb } from '@/lib/db';

const ZId = z.string().min(1).max(64);

export const saveApplicationAction = adminAction(
  'app/(dashboard)/admin/applications/actions.ts#saveApplicationAction',
  ZApplicationFormFields.extend({ id: ZId.optional() }),
  async ({ id, iconUpload, ...fields }, { actor, meta }) => {
    const checked = await validateApplicationForm(getDb(), applicationFromFields(fields), id ?? null);
    if (!checked.ok) return { status: 'error', message: CHECK_FIELDS_MESSAGE, fieldErrors: checked.fieldErrors };
    const iconFile = checked.input.icon === 'upload' && iconUpload ? Buffer.from(iconUpload, 'base64') : undefined;
    let saved = id;
    if (id) await updateApplication(getDb(), actor, { id, ...checked.input }, { meta, iconFile });
    else saved = (await createApplication(getDb(), actor, checked.input, { meta, iconFile })).id;
    revalidatePath('/admin/applications');
    redirect(`/admin/applications/${saved}?saved=1`);
  },
);

export const deleteApplicationAction = adminAction(
  'app/(dashboard)/admin/applications/actions.ts#deleteApplicationAction',
  z.object({ id: ZId }),
  async ({ id }, { actor, meta }) => {
    await deleteApplication(getDb(), actor, { id }, meta);
    revalidatePath('/admin/applications');
    redirect('/admin/applications?deleted=1');
  },
);

export const moveApplicationAction = adminAction(
  'app/(dashboard)/admin/applications/actions.ts#moveApplicationAction',
  z.object({ id: ZId, direction: z.enum(['up', 'down']) }),
  async ({ id, direction }, { actor, meta }) => {
    await moveApplication(getDb(), actor, { id, direction }, meta);
    revalidatePath('/admin/applications');
    return { status: 'success', message: `Application moved ${direction}.` };
  },
);
