import type { DeskFailure } from '../api'

/** A refusal as staff read it: what happened in bold, then the next step. */
export function ErrorBox({ id, failure }: { id: string; failure: DeskFailure | null }) {
  if (!failure) return null
  return (
    <div id={id} className='error' role='alert'>
      <b>{failure.message || '操作失败'}</b>
      {failure.hint || '请稍后重试。'}
    </div>
  )
}
