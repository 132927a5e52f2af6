// export: pending
